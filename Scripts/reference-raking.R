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
# The targets are HARD-CODED in reference-handmade-design.R: keep them in line with
# the yamls' `weighting:` and `derived:` sections.

# Repository root = the folder above this script's Scripts/ folder.
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
root <- if (length(file_arg)) normalizePath(file.path(dirname(file_arg), "..")) else getwd()

# ---- 1. Targets, respondents and population totals (shared with reference-statistics.R)
source(file.path(root, "Scripts", "reference-handmade-design.R"))

# ---- 2. Design -----------------------------------------------------------------
des <- svydesign(ids = ~1, weights = ~design_weight, data = d)

# ---- 3. Weights -----------------------------------------------------------------
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

# ---- 4. Weight files (respondent order of plain.csv, round-trip precision) -------
out <- file.path(fixture, "expected")
write_weights <- function(wt, file)
  writeLines(c("respondent_id,weight", sprintf("%s,%.17g", d$respondent_id, wt)), file.path(out, file))
write_weights(w$raked, "weights-raked.csv")
write_weights(w$capped, "weights-capped.csv")

# ---- 5. Summary JSON (hand-written) ------------------------------------------------
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
