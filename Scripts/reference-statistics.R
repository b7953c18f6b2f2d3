# Reference percents, means and standard errors for the tables of
# Fixtures/handmade/weighted.yaml, computed with R's `survey` package on the
# calibrated design (independent of Tally's Swift aggregator).
#
#   Rscript Scripts/reference-statistics.R      (or Scripts/reference-statistics,
#                                                which also installs R and survey first)
#
# Reads Fixtures/handmade/variants/plain.csv and writes
# Fixtures/handmade/expected/statistics-calibrated.csv with the columns
#   banner,table,column_code,row_code,statistic,estimate,standard_error
# and Fixtures/handmade/expected/design-effects.csv with each percentage's, mean's and
# ratio's design effect (deff = "replace"; empty at 0% and 100%, where it is undefined),
# Fixtures/handmade/expected/column-tests.csv with the column tests (section 4b), and
# weights-population.csv and population-totals.csv for weights grossed up to a
# population total (section 4c), independence-tests.csv with the Rao-Scott tests of
# independence (section 4d), and multi-banner.csv with the estimates and column tests of
# a banner made from the multi-answer channels field (section 4e);
# statistic: ratio (svyratio of agreeing over disagreeing, with its standard error),
# percent (estimate and standard error in percent points), mean (with its
# standard error) or sd (sqrt(svyvar), no standard error); the experience scale also
# has its mean score (the codes 1-5 as scores, 9 out of the base) and its sd. row_code: the code, the
# option column or net1/net2 for percents; empty for mean and sd. column_code: total
# or the banner field's category code.
#
# The design is calibrate(design, ~ customer_type * generation + country + gender,
# calfun = "raking"): the same weights as rake() (see reference-raking.R), but with
# calibrate's linearization for the variance. Both linearize as w * (u - x'B), with
# u = the influence / w and x = the row of the calibration model matrix; calibrate
# fits B by least squares weighted with the design weights, rake() (10 backfitting
# sweeps over its post-stratifications, converged here) fits it unweighted. So their
# SEs differ by up to a few percent with unequal design weights (printed at the end,
# as a sanity check). Each cell is a domain estimate: svymean on
# subset(des, <column> & <table base>), which keeps the calibration (rows outside the
# domain keep their place with zero weight). svyby(by = <banner field>) on the
# table-base subset is checked to agree.
#
# Data preparation and targets come from reference-handmade-design.R (HARD-CODED:
# keep them in line with the yaml's `weighting:`, `derived:`, `fields:` and `tables:`).

# Repository root = the folder above this script's Scripts/ folder.
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
root <- if (length(file_arg)) normalizePath(file.path(dirname(file_arg), "..")) else getwd()

# ---- Tables (weighted.yaml) ---------------------------------------------------------
banners <- c(customer = "customer_type", generation = "generation", country = "country")
tables <- list(experience = c("customer", "generation", "country"),
               channels = c("customer", "country"),
               share_online = c("customer", "generation"))
scale_codes <- 1:5                                     # experience; 9 = not rated, out of the base
not_rated <- 9
exp_nets <- list(net1 = c(4, 5), net2 = c(1, 2))
options <- c("ch_email", "ch_phone", "ch_web", "ch_app", "ch_social")
ch_nets <- list(net1 = c("ch_email", "ch_web", "ch_app", "ch_social"))
online_range <- c(0, 100)

# ---- 1. Read, derive generation, drop respondents that cannot be weighted -----
# (reference-handmade-design.R), with the analysis variables added first:
# experience: declared codes only (others missing); channels: 1 = mentioned,
# 0 = not mentioned, anything else = blank; share_online: numbers in the declared
# range (others missing).
prepare <- function(d, raw) {
  ex <- suppressWarnings(as.numeric(raw$experience))
  d$experience <- ifelse(ex %in% c(scale_codes, not_rated), ex, NA)
  for (o in options) d[[o]] <- ifelse(raw[[o]] %in% c("0", "1"), as.numeric(raw[[o]]), NA)
  so <- suppressWarnings(as.numeric(raw$share_online))
  d$share_online <- ifelse(!is.na(so) & so >= online_range[1] & so <= online_range[2], so, NA)
  d
}
source(file.path(root, "Scripts", "reference-handmade-design.R"))
source(file.path(root, "Scripts", "reference-helpers.R"))


# Table bases and 0/1 indicators (defined on every row; only used within the base).
d$exp_base <- d$experience %in% scale_codes
for (k in scale_codes) d[[paste0("exp_", k)]] <- as.numeric(d$experience %in% k)
for (n in names(exp_nets)) d[[paste0("exp_", n)]] <- as.numeric(d$experience %in% exp_nets[[n]])
d$ch_base <- rowSums(!is.na(d[, options])) > 0
for (o in options) d[[paste0("m_", o)]] <- as.numeric(d[[o]] %in% 1)   # blank = not mentioned
for (n in names(ch_nets))
  d[[paste0("m_", n)]] <- as.numeric(rowSums(as.matrix(d[, paste0("m_", ch_nets[[n]])])) > 0)
d$online_base <- !is.na(d$share_online)

# ---- 2. Designs ------------------------------------------------------------------
design <- svydesign(ids = ~1, weights = ~design_weight, data = d)

des <- calibrate(design, cal_formula, population = pop_totals, calfun = "raking",
                 epsilon = ctl_eps, maxit = ctl_maxit)
raked <- rake(design, list(~customer_type, ~country, ~gender, ~customer_type + generation),
              pop_margins, control = list(maxit = ctl_maxit, epsilon = ctl_eps, verbose = FALSE))
stopifnot(max(abs(weights(raked) - weights(des)) / weights(des)) < 1e-10)

# ---- 3. Statistics ----------------------------------------------------------------
# For each table: the base condition, the variables (formula terms) and their row codes.
spec <- list(
  experience = list(base = quote(exp_base), statistic = "percent",
                    vars = paste0("exp_", c(scale_codes, names(exp_nets))),
                    rows = c(as.character(scale_codes), names(exp_nets)), score = "experience"),
  channels = list(base = quote(ch_base), statistic = "percent",
                  vars = paste0("m_", c(options, names(ch_nets))),
                  rows = c(options, names(ch_nets))),
  share_online = list(base = quote(online_base), statistic = "mean",
                      vars = "share_online", rows = ""))

num <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))

# One column's cells: svymean (and svyvar for means) on subset(dsg, column & base).
cells <- function(dsg, t, field, code) {
  s <- spec[[t]]
  cond <- if (is.null(field)) s$base else bquote(.(s$base) & .(as.name(field)) == .(code))
  sub <- eval(bquote(subset(dsg, .(cond))))
  n <- sum(weights(sub) != 0)
  f <- reformulate(s$vars)
  if (n == 0) {                                      # empty column: no estimates
    est <- rep(NA_real_, length(s$vars)); se <- est; de <- est
  } else {
    m <- svymean(f, sub, na.rm = TRUE, deff = "replace")
    est <- unname(coef(m)); se <- unname(SE(m)); de <- unname(deff(m))
    # At 0% or 100% simple random sampling has no variance: undefined (R divides
    # rounding noise by zero).
    if (s$statistic == "percent") de[est * (1 - est) < 1e-12] <- NA
  }
  scale <- if (s$statistic == "percent") 100 else 1
  out <- data.frame(row_code = s$rows, statistic = s$statistic, n = n,
                    estimate = scale * est, standard_error = scale * se, design_effect = de)
  mean_of <- if (s$statistic == "mean") f else if (!is.null(s$score)) reformulate(s$score) else NULL
  if (!is.null(s$score)) {                           # a scale's mean score
    m <- if (n == 0) NULL else svymean(mean_of, sub, na.rm = TRUE, deff = "replace")
    out <- rbind(out, data.frame(row_code = "", statistic = "mean", n = n,
                                 estimate = if (is.null(m)) NA_real_ else unname(coef(m)),
                                 standard_error = if (is.null(m)) NA_real_ else unname(SE(m)),
                                 design_effect = if (is.null(m)) NA_real_ else unname(deff(m))))
  }
  if (!is.null(mean_of)) {
    sdv <- if (n >= 2) sqrt(unname(coef(svyvar(mean_of, sub, na.rm = TRUE)))) else NA_real_
    out <- rbind(out, data.frame(row_code = "", statistic = "sd", n = n,
                                 estimate = sdv, standard_error = NA_real_, design_effect = NA_real_))
  }
  out
}

all_cells <- function(dsg) {
  res <- list()
  for (b in names(banners)) for (t in names(tables)) {
    if (!(b %in% tables[[t]])) next
    field <- banners[[b]]
    cols <- c("total", levels(d[[field]]))
    for (cc in cols) {
      x <- cells(dsg, t, if (cc == "total") NULL else field, cc)
      res[[length(res) + 1]] <- data.frame(banner = b, table = t, column_code = cc, x)
    }
  }
  do.call(rbind, res)
}

# The ratio table (experience_ratio, by customer): svyratio of agreeing (4, 5) over
# disagreeing (1, 2) on subset(des, <column> & rated).
ratio_cells <- function(dsg) {
  res <- list()
  for (cc in c("total", levels(d$customer_type))) {
    cond <- if (cc == "total") quote(exp_base) else bquote(exp_base & customer_type == .(cc))
    sub <- eval(bquote(subset(dsg, .(cond))))
    r <- svyratio(~exp_net1, ~exp_net2, sub, deff = "replace")
    res[[length(res) + 1]] <- data.frame(
      banner = "customer", table = "experience_ratio", column_code = cc, row_code = "ratio",
      statistic = "ratio", n = sum(weights(sub) != 0), estimate = unname(coef(r)),
      standard_error = unname(SE(r)), design_effect = unname(deff(r)))
  }
  do.call(rbind, res)
}

cal_res <- rbind(all_cells(des), ratio_cells(des))

# Cross-check: svyby(by = ~<banner field>) on the table-base subset gives the same
# means and SEs as the per-column subsets.
byx <- 0
for (b in names(banners)) for (t in names(tables)) {
  if (!(b %in% tables[[t]])) next
  s <- spec[[t]]; field <- banners[[b]]
  sub <- eval(bquote(subset(des, .(s$base))))
  r <- svyby(reformulate(s$vars), reformulate(field), sub, svymean, na.rm = TRUE,
             keep.var = TRUE)
  scale <- if (s$statistic == "percent") 100 else 1
  for (cc in as.character(r[[field]])) {
    mine <- cal_res[cal_res$banner == b & cal_res$table == t & cal_res$column_code == cc &
                    cal_res$statistic == s$statistic, ]
    i <- match(cc, as.character(r[[field]]))
    est <- scale * unname(unlist(r[i, s$vars]))
    se  <- scale * unname(as.matrix(SE(r))[i, ])
    byx <- max(byx, abs(est - mine$estimate), abs(se - mine$standard_error))
  }
}
cat(sprintf("svyby vs per-column subset: largest absolute difference %.3g\n", byx))
stopifnot(byx < 1e-9)

# ---- 4. Output ----------------------------------------------------------------------
out <- file.path(fixture, "expected", "statistics-calibrated.csv")
writeLines(c("banner,table,column_code,row_code,statistic,estimate,standard_error",
             sprintf("%s,%s,%s,%s,%s,%s,%s", cal_res$banner, cal_res$table, cal_res$column_code,
                     cal_res$row_code, cal_res$statistic, num(cal_res$estimate),
                     num(cal_res$standard_error))), out)
cat(sprintf("wrote %d rows to %s\n", nrow(cal_res), out))
# Design effects (deff = "replace": the design's variance over that of simple random
# sampling with replacement of the same size) of the percentages, means and ratios.
de_out <- file.path(fixture, "expected", "design-effects.csv")
de_res <- cal_res[cal_res$statistic %in% c("percent", "mean", "ratio") & cal_res$n > 0, ]
writeLines(c("banner,table,column_code,row_code,statistic,design_effect",
             sprintf("%s,%s,%s,%s,%s,%s", de_res$banner, de_res$table, de_res$column_code,
                     de_res$row_code, de_res$statistic, num(de_res$design_effect))), de_out)
cat(sprintf("wrote %d rows to %s\n", nrow(de_res), de_out))
empty <- cal_res[cal_res$n == 0 | is.na(cal_res$estimate), ]
if (nrow(empty)) { cat("cells without an estimate:\n"); print(empty) }

# ---- 4b. Column tests with the design's covariance -----------------------------------
# Every pair of columns of each banner, and each column against the rest of the table's
# base (every respondent outside the column, the banner field missing included). Each
# domain mean is a ratio, sum(w y 1{domain}) / sum(w 1{domain}), and svyratio(...,
# covmat = TRUE) on the calibrated design gives every ratio's covariance with the
# others through the calibration; svycontrast gives the difference and its standard
# error. z = difference / SE, p = 2 pnorm(-|z|). (svyby(..., covmat = TRUE) would be
# the direct route, but in survey 4.1.1 it stops on a linearization design: svymean
# returns no "index" of its influence rows.) Differences with no variance (both
# columns at 0% or 100%) are left out: Tally does not test them. Written to
# Fixtures/handmade/expected/column-tests.csv.
tests_of <- function(dsg) {
  res <- list()
  for (b in names(banners)) for (t in names(tables)) {
    if (!(b %in% tables[[t]])) next
    s <- spec[[t]]; field <- banners[[b]]
    vars <- s$vars; rows <- s$rows; stats <- rep(s$statistic, length(vars))
    if (!is.null(s$score)) { vars <- c(vars, s$score); rows <- c(rows, ""); stats <- c(stats, "mean") }
    base <- eval(s$base, dsg$variables)
    column <- as.character(dsg$variables[[field]])
    present <- intersect(levels(d[[field]]), unique(column[base & weights(dsg) > 0]))
    for (k in seq_along(vars)) {
      y <- ifelse(base, dsg$variables[[vars[k]]], 0)
      stopifnot(!any(is.na(y)))
      domains <- c(setNames(lapply(present, function(code) base & column %in% code), paste0("c", present)),
                   setNames(lapply(present, function(code) base & !(column %in% code)), paste0("r", present)))
      r <- domain_ratios(dsg, y, domains)
      scale <- if (stats[k] == "percent") 100 else 1
      contrast <- function(a, b, other) {
        w <- setNames(c(1, -1), c(sprintf("n_%s/d_%s", a, a), sprintf("n_%s/d_%s", b, b)))
        sc <- svycontrast(r, w)
        data.frame(banner = b_name, table = t, row_code = rows[k], statistic = stats[k],
                   column_code = sub("^c", "", a), other_column_code = other,
                   difference = scale * unname(coef(sc)), standard_error = scale * unname(SE(sc)))
      }
      b_name <- b
      for (i in seq_along(present)) for (j in seq_along(present)) {
        if (j > i) res[[length(res) + 1]] <- contrast(paste0("c", present[i]), paste0("c", present[j]), present[j])
      }
      for (code in present) res[[length(res) + 1]] <- contrast(paste0("c", code), paste0("r", code), "rest")
    }
  }
  out <- do.call(rbind, res)
  out <- out[out$standard_error > 1e-9, ]
  out$z <- out$difference / out$standard_error
  out$p_value <- 2 * pnorm(-abs(out$z))
  out
}
tests <- tests_of(des)
tests_out <- file.path(fixture, "expected", "column-tests.csv")
writeLines(c("banner,table,row_code,statistic,column_code,other_column_code,difference,standard_error,z,p_value",
             sprintf("%s,%s,%s,%s,%s,%s,%s,%s,%s,%s", tests$banner, tests$table, tests$row_code,
                     tests$statistic, tests$column_code, tests$other_column_code, num(tests$difference),
                     num(tests$standard_error), num(tests$z), num(tests$p_value))), tests_out)
cat(sprintf("wrote %d column tests to %s\n", nrow(tests), tests_out))

# ---- 4c. Weights grossed up to a population total -------------------------------------
# weighting.population: 250000 (the test adds it to weighted.yaml): calibrate to the same
# margins as totals, population = pop_totals * 250000 / N, so the weights add up to
# 250,000. Writes Fixtures/handmade/expected/weights-population.csv (respondent_id,
# weight) and Fixtures/handmade/expected/population-totals.csv: each weighted count of
# experience (codes 1-5, 9 and the nets) and channels (options and net) by each of its
# banners' columns, as svytotal of the answer's indicator within the column (domain
# totals: svytotal on the full design of y * 1{column}), with its standard error.
population <- 250000
des_pop <- calibrate(design, cal_formula, population = pop_totals * population / N, calfun = "raking",
                     epsilon = ctl_eps, maxit = ctl_maxit)
stopifnot(abs(sum(weights(des_pop)) - population) < 1e-6 * population)
stopifnot(max(abs(weights(des_pop) / weights(des) * N / population - 1)) < 1e-10)
writeLines(c("respondent_id,weight", sprintf("%s,%s", d$respondent_id, num(weights(des_pop)))),
           file.path(fixture, "expected", "weights-population.csv"))
d$exp_9 <- as.numeric(d$experience %in% not_rated)
count_vars <- list(experience = list(vars = paste0("exp_", c(scale_codes, not_rated, names(exp_nets))),
                                     rows = c(as.character(scale_codes), as.character(not_rated), names(exp_nets))),
                   channels = list(vars = paste0("m_", c(options, names(ch_nets))),
                                   rows = c(options, names(ch_nets))))
totals_of <- function(dsg) {
  res <- list()
  for (b in names(banners)) for (t in names(count_vars)) {
    if (!(b %in% tables[[t]])) next
    field <- banners[[b]]
    for (cc in c("total", levels(d[[field]]))) {
      inside <- if (cc == "total") rep(TRUE, nrow(d)) else d[[field]] %in% cc
      v <- dsg$variables
      for (k in seq_along(count_vars[[t]]$vars)) {
        x <- d[[count_vars[[t]]$vars[k]]]
        stopifnot(!any(is.na(x)))
        v$y <- x * inside
        dk <- dsg; dk$variables <- v
        s <- svytotal(~y, dk)
        res[[length(res) + 1]] <- data.frame(banner = b, table = t, column_code = cc,
                                             row_code = count_vars[[t]]$rows[k], estimate = unname(coef(s)),
                                             standard_error = unname(SE(s)))
      }
    }
  }
  do.call(rbind, res)
}
totals <- totals_of(des_pop)
writeLines(c("banner,table,column_code,row_code,estimate,standard_error",
             sprintf("%s,%s,%s,%s,%s,%s", totals$banner, totals$table, totals$column_code, totals$row_code,
                     num(totals$estimate), num(totals$standard_error))),
           file.path(fixture, "expected", "population-totals.csv"))
cat(sprintf("wrote %d population totals and %d weights\n", nrow(totals), nrow(d)))

# ---- 4d. Rao-Scott tests of independence per table and banner ------------------------
# Every categorical table by every banner with a field (experience by customer,
# generation and country; gender by customer): svychisq(~row + col, statistic = "F")
# and statistic = "Chisq" on the calibrated design, restricted to the table's base
# with an answer in the banner field. The variables are set to NA outside it and the
# design subset, which keeps every respondent of the calibrated design (zero weight
# outside), so the covariance comes from the whole design, as for the percentages, and
# ddf = d0 (n - 1) with n every respondent. Rows and columns without respondents are
# absent from the data, so they are not in the test. Written to
# Fixtures/handmade/expected/independence-tests.csv with
#   banner,table,rows,columns,f,ndf,ddf,p_f,chi_square,df,p_chi_square,mean_design_effect
# f: X^2 / tr(Delta) (the second-order test); chi_square: X^2 / mean(diag(Delta)), the
# first-order corrected statistic whose upper chi-square tail is R's "Chisq" p-value
# (R prints X^2 itself); mean_design_effect: mean(diag(Delta)) with svychisq's
# N (every respondent) rescaled to the test's respondents (Delta is proportional to N).
categorical <- list(experience = list(base = quote(exp_base), row = "experience",
                                      banners = c("customer", "generation", "country")),
                    gender = list(base = TRUE, row = "gender", banners = "customer"))
independence_of <- function(dsg) {
  res <- list()
  for (b in names(banners)) for (t in names(categorical)) {
    s <- categorical[[t]]
    if (!(b %in% s$banners)) next
    field <- banners[[b]]
    v <- dsg$variables
    inside <- eval(s$base, v) & !is.na(v[[field]]) & !is.na(v[[s$row]])
    test <- rao_scott(dsg, v[[s$row]], v[[field]], inside)
    n_test <- sum(inside & weights(dsg) > 0); n_all <- nrow(v)
    res[[length(res) + 1]] <- cbind(data.frame(banner = b, table = t), test[, names(test) != "mean_delta"],
                                    mean_design_effect = test$mean_delta * n_test / n_all)
  }
  do.call(rbind, res)
}
independence <- independence_of(des)
writeLines(c("banner,table,rows,columns,f,ndf,ddf,p_f,chi_square,df,p_chi_square,mean_design_effect",
             with(independence, sprintf("%s,%s,%d,%d,%s,%s,%s,%s,%s,%d,%s,%s", banner, table, rows, columns,
                                        num(f), num(ndf), num(ddf), num(p_f), num(chi_square), df,
                                        num(p_chi_square), num(mean_design_effect)))),
           file.path(fixture, "expected", "independence-tests.csv"))
cat(sprintf("wrote %d tests of independence\n", nrow(independence)))

# ---- 4e. A banner from a multi-answer field: columns that overlap ---------------------
# The channels field as a banner (the test adds it to weighted.yaml as banner `channel`,
# on experience and share_online): column j is the table's base among respondents who
# mentioned option j, so a respondent who mentioned several sits in several columns.
# Each column's estimate is a domain mean as a ratio, sum(w y 1{j}) / sum(w 1{j}), and
# svyratio(..., covmat = TRUE) on the calibrated design gives every pair's covariance,
# the shared respondents included; svycontrast gives each difference and its standard
# error, for every pair of columns and each column against the rest of the base (those
# who did not mention it: disjoint). Written to
# Fixtures/handmade/expected/multi-banner.csv with
#   kind,table,row_code,statistic,column_code,other_column_code,value,standard_error,z,p_value
# kind: estimate (a column's percentage or mean and its SE; other_column_code empty) or
# difference (column - other, its SE, z and p). Differences without variance are left out.
multi_of <- function(dsg) {
  res <- list()
  v0 <- dsg$variables
  for (t in c("experience", "share_online")) {
    s <- spec[[t]]
    vars <- s$vars; rows <- s$rows; stats <- rep(s$statistic, length(vars))
    if (!is.null(s$score)) { vars <- c(vars, s$score); rows <- c(rows, ""); stats <- c(stats, "mean") }
    base <- eval(s$base, v0)
    for (k in seq_along(vars)) {
      y <- ifelse(base, v0[[vars[k]]], 0)
      stopifnot(!any(is.na(y)))
      domains <- c(setNames(lapply(options, function(o) base & v0[[paste0("m_", o)]] == 1), paste0("c", options)),
                   setNames(lapply(options, function(o) base & v0[[paste0("m_", o)]] != 1), paste0("r", options)))
      r <- domain_ratios(dsg, y, domains)
      scale <- if (stats[k] == "percent") 100 else 1
      ratio <- function(a) sprintf("n_%s/d_%s", a, a)
      for (o in options) {
        res[[length(res) + 1]] <- data.frame(
          kind = "estimate", table = t, row_code = rows[k], statistic = stats[k], column_code = o,
          other_column_code = "", value = scale * unname(coef(r)[ratio(paste0("c", o))]),
          standard_error = scale * unname(SE(r)[ratio(paste0("c", o))]))
      }
      contrast <- function(a, b, code, other) {
        sc <- svycontrast(r, setNames(c(1, -1), c(ratio(a), ratio(b))))
        data.frame(kind = "difference", table = t, row_code = rows[k], statistic = stats[k], column_code = code,
                   other_column_code = other, value = scale * unname(coef(sc)),
                   standard_error = scale * unname(SE(sc)))
      }
      for (i in seq_along(options)) for (j in seq_along(options)) {
        if (j > i) res[[length(res) + 1]] <- contrast(paste0("c", options[i]), paste0("c", options[j]),
                                                      options[i], options[j])
      }
      for (o in options) res[[length(res) + 1]] <- contrast(paste0("c", o), paste0("r", o), o, "rest")
    }
  }
  out <- do.call(rbind, res)
  out <- out[out$kind == "estimate" | out$standard_error > 1e-9, ]
  out$z <- ifelse(out$kind == "difference", out$value / out$standard_error, NA)
  out$p_value <- ifelse(out$kind == "difference", 2 * pnorm(-abs(out$z)), NA)
  out
}
multi <- multi_of(des)
writeLines(c("kind,table,row_code,statistic,column_code,other_column_code,value,standard_error,z,p_value",
             with(multi, sprintf("%s,%s,%s,%s,%s,%s,%s,%s,%s,%s", kind, table, row_code, statistic, column_code,
                                 other_column_code, num(value), num(standard_error), num(z), num(p_value)))),
           file.path(fixture, "expected", "multi-banner.csv"))
cat(sprintf("wrote %d estimates and %d differences of the multi-answer banner\n",
            sum(multi$kind == "estimate"), sum(multi$kind == "difference")))

# ---- 5. Sanity check: the same cells on the rake() design -----------------------------
rake_res <- rbind(all_cells(raked), ratio_cells(raked))
stopifnot(identical(rake_res[, 1:5], cal_res[, 1:5]))
cmp <- data.frame(cal_res[, c("banner", "table", "column_code", "row_code", "statistic")],
                  n = cal_res$n, estimate = cal_res$estimate,
                  se_calibrate = cal_res$standard_error, se_rake = rake_res$standard_error)
cmp$rel_diff <- abs(cmp$se_rake - cmp$se_calibrate) / cmp$se_calibrate
est_diff <- max(abs(rake_res$estimate - cal_res$estimate) / pmax(abs(cal_res$estimate), 1e-300),
                na.rm = TRUE)
cat(sprintf("largest relative |estimate(rake) - estimate(calibrate)|: %.3g\n", est_diff))
options(width = 200)
cat("\nexamples (calibrate SE vs rake SE):\n")
ex_rows <- with(cmp, (banner == "customer" & column_code %in% c("total", "B") &
                        row_code %in% c("net1", "") ) |
                     (banner == "country" & table == "channels" & column_code == "JP"))
print(cmp[ex_rows, ], digits = 10, row.names = FALSE)
# Cells at 0% or 100% have a zero SE (calibrate gives rounding noise ~1e-16): left out.
degenerate <- !is.na(cmp$se_calibrate) & cmp$se_calibrate < 1e-9
if (any(degenerate)) {
  cat("\ncells with a zero SE (estimate 0 or 100%; calibrate's SE is rounding noise):\n")
  print(cmp[degenerate, ], digits = 10, row.names = FALSE)
}
ok_se <- !is.na(cmp$rel_diff) & !degenerate
w <- which(ok_se)[which.max(cmp$rel_diff[ok_se])]
cat(sprintf(paste0("\nlargest relative |SE(rake) - SE(calibrate)| / SE(calibrate) = %.3g ",
                   "(median %.3g, SE(rake) larger in %d of %d SEs)\n"),
            cmp$rel_diff[w], median(cmp$rel_diff[ok_se]),
            sum(cmp$se_rake[ok_se] > cmp$se_calibrate[ok_se]), sum(ok_se)))
print(cmp[w, ], digits = 10, row.names = FALSE)
