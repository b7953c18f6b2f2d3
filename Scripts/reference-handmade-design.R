# The hand-made sample's raked design, shared by reference-raking.R and
# reference-statistics.R: R's survey package, the weighting targets of
# Fixtures/handmade/weighted.yaml (HARD-CODED: keep them in line with its
# `weighting:` and `derived:` sections), the respondents that can be weighted, and
# the population totals for rake() and calibrate().
#
# Sourced with `root` set to the repository's root; defines ct_share, cty_share,
# gen_share, gen_within, bins, caps, ctl_eps, ctl_maxit, raw (plain.csv as text),
# d (respondents kept, with generation), rejected, N, pop_margins, cal_formula and
# pop_totals. A caller may add analysis columns to `d` through `prepare(d, raw)`,
# defined before sourcing, which runs before respondents are dropped.

if (!requireNamespace("survey", quietly = TRUE)) {      # fresh machine (Debian/Ubuntu, root)
  stopifnot(system("apt-get update && apt-get install -y r-cran-survey") == 0)
}
suppressPackageStartupMessages(library(survey))

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

# ---- Read, derive generation, drop respondents that cannot be weighted -----
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

if (exists("prepare")) d <- prepare(d, raw)
ok <- complete.cases(d[, c("customer_type", "country", "gender", "generation")])
rejected <- d$respondent_id[!ok]
d <- d[ok, ]
N <- sum(d$design_weight)
cat(sprintf("read %d respondents, kept %d, rejected %d: %s\nN = sum(design_weight) = %.17g\n",
            nrow(raw), nrow(d), length(rejected), paste(rejected, collapse = " "), N))

# ---- Population totals -------------------------------------------------------
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

