# A second data set for checking Tally's statistics against R's `survey` package, of
# a design the hand-made sample does not have (Fixtures/retail-panel/pipeline.yaml):
# 600 generated respondents of a made-up retail banking panel with unequal base
# weights, raked to two margins (segment, age band) and grossed up to a population of
# 1,200,000; a scale with "don't know" (8) outside its base; a region column (X,
# Overseas) nobody is in; and a banner made from the multi-answer channels question,
# whose columns overlap.
#
#   Rscript Scripts/reference-retail-panel.R     (installs r-cran-survey first when missing)
#
# Writes Fixtures/retail-panel/respondents.csv.gz (the data, from a fixed seed) and, in
# Fixtures/retail-panel/expected/:
#   weights.csv       respondent_id,weight: calibrate(..., population = totals, calfun = "raking")
#   estimates.csv     banner,table,column_code,row_code,statistic,estimate,standard_error,design_effect:
#                     every percentage (codes and nets) and mean of every table by every column
#                     (total included), each a domain mean as svyratio(~y 1{domain}, ~1{domain})
#                     on the calibrated design; design effects from svymean(..., deff = "replace")
#                     on subset(design, domain) (empty where undefined: 0%, 100%, or no respondents)
#   totals.csv        banner,table,column_code,row_code,estimate,standard_error: each weighted count
#                     (the weights are grossed up) as svytotal of the answer's indicator in the column
#   tests.csv         banner,table,row_code,statistic,column_code,other_column_code,difference,
#                     standard_error,z,p_value: every pair of lettered columns and each column against
#                     the rest of the table's base, svyratio(..., covmat = TRUE) then svycontrast
#                     (overlapping channel columns included); differences without variance left out
#   independence.csv  banner,table,rows,columns,f,ndf,ddf,p_f,chi_square,df,p_chi_square: svychisq
#                     (statistic = "F" and "Chisq") for each categorical table by each categorical
#                     banner, over the table's base with an answer in the banner's field
#
# HARD-CODED: the codes, targets and tables below follow pipeline.yaml.

if (!requireNamespace("survey", quietly = TRUE)) {      # fresh machine (Debian/Ubuntu, root)
  stopifnot(system("apt-get update && apt-get install -y r-cran-survey") == 0)
}
suppressPackageStartupMessages(library(survey))
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
root <- if (length(file_arg)) normalizePath(file.path(dirname(file_arg), "..")) else getwd()
source(file.path(root, "Scripts", "reference-helpers.R"))
fixture <- file.path(root, "Fixtures", "retail-panel")
dir.create(file.path(fixture, "expected"), showWarnings = FALSE, recursive = TRUE)
num <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))

# ---- 1. The respondents ----------------------------------------------------------------
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(20261207)
n <- 600
segment <- sample(c("R", "S", "P"), n, TRUE, prob = c(.62, .23, .15))
age_band <- sample(1:3, n, TRUE, prob = c(.25, .40, .35))
region <- sample(c("N", "E", "S", "W"), n, TRUE, prob = c(.30, .25, .25, .20))
weight <- round(exp(rnorm(n, 0, 0.45)), 4)
shift <- ifelse(segment == "P", 0.8, ifelse(segment == "S", -0.3, 0)) + ifelse(region == "W", -0.4, 0)
trust <- pmin(5, pmax(1, round(3 + shift + rnorm(n, 0, 1.1))))
trust[runif(n) < 0.07] <- 8
p_yes <- plogis(-2 + 0.7 * ifelse(trust == 8, 3, trust) - 0.4 * (age_band == 3))
u <- runif(n)
recommend <- ifelse(u < p_yes, "Y", ifelse(u < p_yes + 0.3, "M", "N"))
channel <- function(p) as.integer(runif(n) < p)
ch_branch <- channel(ifelse(age_band == 3, 0.55, 0.25))
ch_phone <- channel(0.30)
ch_web <- channel(ifelse(segment == "S", 0.70, 0.50))
ch_app <- channel(ifelse(age_band == 1, 0.80, ifelse(age_band == 2, 0.55, 0.25)))
unanswered <- runif(n) < 0.05                           # the question left blank
balance <- round(exp(rnorm(n, 8 + ifelse(segment == "P", 2, ifelse(segment == "S", 1, 0)), 0.9)))
balance_missing <- runif(n) < 0.04
raw <- data.frame(
  respondent_id = sprintf("P%04d", 1:n), weight = sprintf("%.4f", weight), segment = segment,
  age_band = age_band, region = region, trust = trust, recommend = recommend,
  ch_branch = ifelse(unanswered, "", ch_branch), ch_phone = ifelse(unanswered, "", ch_phone),
  ch_web = ifelse(unanswered, "", ch_web), ch_app = ifelse(unanswered, "", ch_app),
  balance = ifelse(balance_missing, "", balance), stringsAsFactors = FALSE)
out <- gzfile(file.path(fixture, "respondents.csv.gz"), "w")
write.csv(raw, out, row.names = FALSE, quote = FALSE)
close(out)

# ---- 2. The design ------------------------------------------------------------------------
options <- c("ch_branch", "ch_phone", "ch_web", "ch_app")
d <- data.frame(respondent_id = raw$respondent_id, weight = as.numeric(raw$weight),
                segment = factor(segment, levels = c("R", "S", "P")), age_band = factor(age_band),
                region = factor(region, levels = c("N", "E", "S", "W", "X")), trust = trust,
                recommend = factor(recommend, levels = c("Y", "M", "N")),
                balance = ifelse(balance_missing, NA, balance))
for (o in options) d[[o]] <- ifelse(unanswered, 0, get(o))   # blank = not mentioned
d$ch_answered <- !unanswered
population <- 1200000
totals <- c(`(Intercept)` = 1, segmentS = .30, segmentP = .15, age_band2 = .38, age_band3 = .30) * population
des <- calibrate(svydesign(ids = ~1, weights = ~weight, data = d), ~segment + age_band, population = totals,
                 calfun = "raking", epsilon = 1e-14, maxit = 1000)
stopifnot(abs(sum(weights(des)) - population) < 1e-6 * population)
writeLines(c("respondent_id,weight", sprintf("%s,%s", d$respondent_id, num(weights(des)))),
           file.path(fixture, "expected", "weights.csv"))

# ---- 3. Tables, banners and the rows they hold ----------------------------------------------
banner_columns <- list(
  region = lapply(setNames(levels(d$region), levels(d$region)), function(code) d$region == code),
  segment = lapply(setNames(levels(d$segment), levels(d$segment)), function(code) d$segment == code),
  age = lapply(setNames(levels(d$age_band), levels(d$age_band)), function(code) d$age_band == code),
  channel = lapply(setNames(options, options), function(o) d[[o]] == 1))
trust_rows <- c(setNames(lapply(1:5, function(k) d$trust == k), 1:5), list(net1 = d$trust %in% 4:5))
tables <- list(
  trust = list(banners = c("region", "segment", "channel"), base = d$trust %in% 1:5,
               percent = trust_rows, mean = list(name = "", y = ifelse(d$trust %in% 1:5, d$trust, 0)),
               counts = trust_rows[1:5], categorical = d$trust),
  recommend = list(banners = c("region", "age", "channel"), base = rep(TRUE, n),
                   percent = lapply(setNames(levels(d$recommend), levels(d$recommend)),
                                    function(code) d$recommend == code),
                   counts = lapply(setNames(levels(d$recommend), levels(d$recommend)),
                                   function(code) d$recommend == code),
                   categorical = as.character(d$recommend)),
  channels = list(banners = c("region", "segment"), base = d$ch_answered,
                  percent = lapply(setNames(options, options), function(o) d[[o]] == 1)),
  balance = list(banners = c("segment", "channel"), base = !is.na(d$balance),
                 mean = list(name = "", y = ifelse(is.na(d$balance), 0, d$balance))))

# Every row (y over a table's base) of every table by each of its banners: each column's
# and the total's estimate, the pairs of columns and each column against the rest, and
# the weighted counts. Columns without a respondent of the base have no estimate.
ratio_name <- function(a) sprintf("n_%s/d_%s", a, a)  # svyratio's name of a domain's ratio

estimates <- list(); tests <- list(); counts <- list()
for (t in names(tables)) for (b in tables[[t]]$banners) {
  s <- tables[[t]]
  columns <- banner_columns[[b]]
  present <- names(columns)[sapply(columns, function(inside) any(inside & s$base))]
  rows <- c(lapply(names(s$percent), function(code) list(code = code, statistic = "percent",
                                                          y = as.numeric(s$percent[[code]]), scale = 100)),
            if (!is.null(s$mean)) list(list(code = "", statistic = "mean", y = s$mean$y, scale = 1)))
  for (row in rows) {
    y <- ifelse(s$base, row$y, 0)
    domains <- c(list(total = s$base),
                 setNames(lapply(present, function(code) s$base & columns[[code]]), paste0("c", present)),
                 setNames(lapply(present, function(code) s$base & !columns[[code]]), paste0("r", present)))
    r <- domain_ratios(des, y, domains)
    for (code in c("total", present)) {
      domain <- if (code == "total") "total" else paste0("c", code)
      sub <- des[domains[[domain]], ]
      deff <- attr(svymean(~y_row, update(sub, y_row = row$y), deff = "replace"), "deff")
      estimates[[length(estimates) + 1]] <- data.frame(
        banner = b, table = t, column_code = code, row_code = row$code, statistic = row$statistic,
        estimate = row$scale * unname(coef(r)[ratio_name(domain)]),
        standard_error = row$scale * unname(SE(r)[ratio_name(domain)]), design_effect = as.numeric(deff))
    }
    contrast <- function(a, b2, code, other) {
      sc <- svycontrast(r, setNames(c(1, -1), c(ratio_name(a), ratio_name(b2))))
      data.frame(banner = b, table = t, row_code = row$code, statistic = row$statistic, column_code = code,
                 other_column_code = other, difference = row$scale * unname(coef(sc)),
                 standard_error = row$scale * unname(SE(sc)))
    }
    for (i in seq_along(present)) for (j in seq_along(present)) if (j > i) {
      tests[[length(tests) + 1]] <- contrast(paste0("c", present[i]), paste0("c", present[j]), present[i],
                                             present[j])
    }
    for (code in present) tests[[length(tests) + 1]] <- contrast(paste0("c", code), paste0("r", code), code, "rest")
  }
  for (code in names(s$counts)) for (column in c("total", names(columns))) {
    inside <- if (column == "total") rep(TRUE, n) else columns[[column]]
    dk <- update(des, y_count = as.numeric(s$counts[[code]] & inside))
    total <- svytotal(~y_count, dk)
    counts[[length(counts) + 1]] <- data.frame(banner = b, table = t, column_code = column, row_code = code,
                                               estimate = unname(coef(total)), standard_error = unname(SE(total)))
  }
}
estimates <- do.call(rbind, estimates)
# Undefined design effects (a share of 0 or 1: no variance under simple random sampling).
estimates$design_effect[!is.finite(estimates$design_effect) | estimates$standard_error < 1e-9] <- NA
writeLines(c("banner,table,column_code,row_code,statistic,estimate,standard_error,design_effect",
             with(estimates, sprintf("%s,%s,%s,%s,%s,%s,%s,%s", banner, table, column_code, row_code, statistic,
                                     num(estimate), num(standard_error), num(design_effect)))),
           file.path(fixture, "expected", "estimates.csv"))
tests <- do.call(rbind, tests)
tests <- tests[tests$standard_error > 1e-9, ]
tests$z <- tests$difference / tests$standard_error
tests$p_value <- 2 * pnorm(-abs(tests$z))
writeLines(c("banner,table,row_code,statistic,column_code,other_column_code,difference,standard_error,z,p_value",
             with(tests, sprintf("%s,%s,%s,%s,%s,%s,%s,%s,%s,%s", banner, table, row_code, statistic, column_code,
                                 other_column_code, num(difference), num(standard_error), num(z), num(p_value)))),
           file.path(fixture, "expected", "tests.csv"))
counts <- do.call(rbind, counts)
writeLines(c("banner,table,column_code,row_code,estimate,standard_error",
             with(counts, sprintf("%s,%s,%s,%s,%s,%s", banner, table, column_code, row_code, num(estimate),
                                  num(standard_error)))),
           file.path(fixture, "expected", "totals.csv"))

# ---- 4. Tests of independence -------------------------------------------------------------
categorical <- c(region = "region", segment = "segment", age = "age_band")
independence <- list()
for (t in c("trust", "recommend")) for (b in intersect(tables[[t]]$banners, names(categorical))) {
  s <- tables[[t]]
  test <- rao_scott(des, s$categorical, des$variables[[categorical[[b]]]], s$base)
  independence[[length(independence) + 1]] <- cbind(data.frame(banner = b, table = t),
                                                    test[, names(test) != "mean_delta"])
}
independence <- do.call(rbind, independence)
writeLines(c("banner,table,rows,columns,f,ndf,ddf,p_f,chi_square,df,p_chi_square",
             with(independence, sprintf("%s,%s,%d,%d,%s,%s,%s,%s,%s,%d,%s", banner, table, rows, columns, num(f),
                                        num(ndf), num(ddf), num(p_f), num(chi_square), df, num(p_chi_square)))),
           file.path(fixture, "expected", "independence.csv"))
cat(sprintf("wrote %d respondents, %d weights, %d estimates, %d totals, %d tests, %d tests of independence\n",
            n, nrow(d), nrow(estimates), nrow(counts), nrow(tests), nrow(independence)))
