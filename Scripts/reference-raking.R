# Reference weights for Fixtures/handmade/weighted.yaml and weighted-capped.yaml,
# computed with R's `survey` package (independent of Tally's Swift weighter).
#
#   Rscript Scripts/reference-raking.R      (or Scripts/reference-raking, which
#                                            also installs R and survey first)
#
# Reads Fixtures/handmade/variants/plain.csv and writes to Fixtures/handmade/expected/:
#   weights-raked.csv   rake()                                  (weighted.yaml)
#   weights-capped.csv  calibrate(raking, bounds = c(0.4, 2.5)) (weighted-capped.yaml)
#   raking-summary.json respondents kept/rejected, N, per-method weight summaries
# The targets below are HARD-CODED: keep them in line with the yamls' `weighting:`
# and `derived:` sections.

if (!requireNamespace("survey", quietly = TRUE)) {      # fresh machine (Debian/Ubuntu, root)
  stopifnot(system("apt-get update && apt-get install -y r-cran-survey") == 0)
}
suppressPackageStartupMessages(library(survey))

# Repository root = the folder above this script's Scripts/ folder.
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
root <- if (length(file_arg)) normalizePath(file.path(dirname(file_arg), "..")) else getwd()
fixture <- file.path(root, "Fixtures", "handmade")

# ---- Targets (shares of the whole population) --------------------------------
ct_share  <- c(C = .77, B = .23)
cty_share <- c(US = .30, GB = .20, DE = .20, IN = .15, JP = .15)
gen_share <- c(M = .53, F = .46, X = .01)
gen_within <- list(C = c(boomers = .27, genx = .35, millennials = .29, genz = .09),
                   B = c(boomers = .20, genx = .45, millennials = .30, genz = .05))
bins <- data.frame(code = c("boomers", "genx", "millennials", "genz"),
                   min = c(1946, 1965, 1981, 1997), max = c(1964, 1980, 1996, 2012))
caps <- c(0.4, 2.5)
ctl_eps <- 1e-14; ctl_maxit <- 1000

# ---- 1. Read, derive generation, drop respondents that cannot be weighted -----
# Blank = missing; codes outside the declared ones are missing too (as in Tally).
raw <- read.csv(file.path(fixture, "variants", "plain.csv"), colClasses = "character",
                na.strings = "", encoding = "UTF-8")
d <- data.frame(respondent_id = raw$respondent_id,
                design_weight = as.numeric(raw$design_weight),
                customer_type = factor(raw$customer_type, levels = names(ct_share)),
                country       = factor(raw$country, levels = names(cty_share)),
                gender        = factor(raw$gender, levels = names(gen_share)))
by <- suppressWarnings(as.numeric(raw$birth_year))
d$generation <- factor(NA, levels = bins$code)
for (i in seq_len(nrow(bins)))                        # inclusive bins; outside all = missing
  d$generation[!is.na(by) & by >= bins$min[i] & by <= bins$max[i]] <- bins$code[i]
stopifnot(all(d$design_weight > 0))

ok <- complete.cases(d[, c("customer_type", "country", "gender", "generation")])
rejected <- d$respondent_id[!ok]
d <- d[ok, ]
N <- sum(d$design_weight)
cat(sprintf("read %d respondents, kept %d, rejected %d: %s\nN = sum(design_weight) = %.17g\n",
            nrow(raw), nrow(d), length(rejected), paste(rejected, collapse = " "), N))

# ---- 2. Design -----------------------------------------------------------------
des <- svydesign(ids = ~1, weights = ~design_weight, data = d)

# ---- 3. Population totals -------------------------------------------------------
ct_gen <- expand.grid(generation = factor(bins$code, levels = bins$code),
                      customer_type = factor(names(ct_share), levels = names(ct_share)))[, 2:1]
ct_gen$Freq <- N * mapply(function(c, g) ct_share[[c]] * gen_within[[c]][[g]],
                          as.character(ct_gen$customer_type), as.character(ct_gen$generation))
margin_df <- function(name, share) {
  df <- data.frame(factor(names(share), levels = names(share)), Freq = N * unname(share))
  names(df)[1] <- name; df
}
pop_margins <- list(margin_df("customer_type", ct_share), margin_df("country", cty_share),
                    margin_df("gender", gen_share), ct_gen)

# calibrate() totals in model-matrix column order: take the column sums of the
# model matrix over a grid of every combination, each weighted by the product of
# the shares. Every column is a single-margin or customer_type x generation
# indicator, so these sums are exactly the target totals.
cal_formula <- ~ customer_type * generation + country + gender
grid <- merge(ct_gen, merge(pop_margins[[2]], pop_margins[[3]], by = NULL, suffixes = c(".c", ".g")),
              by = NULL)
grid$share <- grid$Freq / N * grid$Freq.c / N * grid$Freq.g / N
pop_totals <- N * colSums(model.matrix(cal_formula, grid) * grid$share)
stopifnot(identical(names(pop_totals), colnames(model.matrix(cal_formula, d))))

# ---- 4. Weights -----------------------------------------------------------------
raked <- rake(des, list(~customer_type, ~country, ~gender, ~customer_type + generation),
              pop_margins, control = list(maxit = ctl_maxit, epsilon = ctl_eps, verbose = FALSE))
cal <- calibrate(des, cal_formula, population = pop_totals, calfun = "raking",
                 epsilon = ctl_eps, maxit = ctl_maxit)
capped <- calibrate(des, cal_formula, population = pop_totals, calfun = "raking",
                    bounds = caps, epsilon = ctl_eps, maxit = ctl_maxit)
w <- list(raked = weights(raked), calibrated = weights(cal), capped = weights(capped))

cat(sprintf("largest |rake - calibrate| / calibrate = %.3g\n",
            max(abs(w$raked - w$calibrated) / w$calibrated)))
g <- w$capped / d$design_weight
tol <- 1e-12
cat(sprintf("capped: g in [%.17g, %.17g]; %d at the lower cap %g, %d at the upper cap %g\n",
            min(g), max(g), sum(g <= caps[1] + tol), caps[1], sum(g >= caps[2] - tol), caps[2]))
g_free <- w$raked / d$design_weight
cat(sprintf("uncapped rake: g in [%.6g, %.6g]; %d below %g, %d above %g\n", min(g_free),
            max(g_free), sum(g_free < caps[1]), caps[1], sum(g_free > caps[2]), caps[2]))

# Largest |weighted share - target| per margin and method.
margin_errors <- function(wt) {
  err <- function(f, share) max(abs(tapply(wt, f, sum) / N - share[levels(f)]))
  cg <- interaction(d$customer_type, d$generation, sep = ".")
  cg_share <- setNames(ct_gen$Freq / N, paste(ct_gen$customer_type, ct_gen$generation, sep = "."))
  c(total = abs(sum(wt) / N - 1), customer_type = err(d$customer_type, ct_share),
    country = err(d$country, cty_share), gender = err(d$gender, gen_share),
    customer_type.generation = err(cg, cg_share))
}
errs <- sapply(w, margin_errors)
cat("largest |weighted share - target| per margin:\n"); print(signif(errs, 3))
stopifnot(max(abs(w$raked - w$calibrated) / w$calibrated) < 1e-10, max(errs) < 1e-12)

# ---- 5. Weight files (respondent order of plain.csv, round-trip precision) -------
out <- file.path(fixture, "expected")
write_weights <- function(wt, file)
  writeLines(c("respondent_id,weight", sprintf("%s,%.17g", d$respondent_id, wt)), file.path(out, file))
write_weights(w$raked, "weights-raked.csv")
write_weights(w$capped, "weights-capped.csv")

# ---- 6. Summary JSON (hand-written) ------------------------------------------------
num <- function(x) sprintf("%.17g", x)
method_json <- function(name, wt, source) {
  n <- length(wt)
  sprintf(paste0('    "%s": {"source": "%s", "min": %s, "max": %s, "mean": %s, ',
                 '"kish_efficiency": %s, "min_g": %s, "max_g": %s}'),
          name, source, num(min(wt)), num(max(wt)), num(mean(wt)),
          num(sum(wt)^2 / (n * sum(wt^2))), num(min(wt / d$design_weight)), num(max(wt / d$design_weight)))
}
json <- c("{",
  sprintf('  "generated_by": "Scripts/reference-raking.R (R %s.%s, survey %s)",',
          R.version$major, R.version$minor, packageVersion("survey")),
  sprintf('  "respondents_read": %d,', nrow(raw)),
  sprintf('  "respondents_kept": %d,', nrow(d)),
  sprintf('  "rejected_ids": [%s],', paste0('"', rejected, '"', collapse = ", ")),
  sprintf('  "N": %s,', num(N)),
  '  "methods": {',
  paste0(method_json("design", d$design_weight, "design_weight of kept respondents"), ","),
  paste0(method_json("raked", w$raked, "rake(); weights-raked.csv"), ","),
  method_json("capped", w$capped, sprintf("calibrate(raking, bounds = c(%g, %g)); weights-capped.csv", caps[1], caps[2])),
  "  }", "}")
writeLines(json, file.path(out, "raking-summary.json"))
cat("wrote", file.path(out, c("weights-raked.csv", "weights-capped.csv", "raking-summary.json")), sep = "\n  ")
