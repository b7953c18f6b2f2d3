# Helpers shared by the R reference scripts (sourced; needs library(survey) loaded).

# Each domain's mean of y as a ratio, sum(w y 1{domain}) / sum(w 1{domain}), for every
# named domain at once, with their covariance matrix (svyratio(..., covmat = TRUE)):
# svycontrast then gives any difference and its standard error. The domains may overlap.
domain_ratios <- function(dsg, y, domains) {
  v <- dsg$variables
  for (name in names(domains)) {
    v[[paste0("n_", name)]] <- y * domains[[name]]
    v[[paste0("d_", name)]] <- as.numeric(domains[[name]])
  }
  dk <- dsg; dk$variables <- v
  svyratio(reformulate(paste0("n_", names(domains))), reformulate(paste0("d_", names(domains))), dk,
           covmat = TRUE)
}

# Rao-Scott's tests of independence of two classifications over the respondents where
# `inside` is true: svychisq(~row + col, statistic = "F") and "Chisq" on the calibrated
# design restricted to them (the subset keeps every respondent of the design, with zero
# weight outside, so ddf = d0 (n - 1) with n every respondent). Levels without
# respondents are not in the data, so not in the test. Returns one data frame row:
# rows, columns, f, ndf, ddf, p_f, chi_square (X^2 / mean(diag(Delta)) = F df, whose upper
# chi-square tail is R's "Chisq" p-value), df, p_chi_square, and mean_delta
# (mean(diag(Delta)) with svychisq's N, every respondent of the design).
rao_scott <- function(dsg, rows, columns, inside) {
  v <- dsg$variables
  v$row <- ifelse(inside, as.character(rows), NA)
  v$col <- ifelse(inside, as.character(columns), NA)
  dk <- dsg; dk$variables <- v
  sub <- subset(dk, !is.na(row) & !is.na(col))
  f <- svychisq(~row + col, sub, statistic = "F")
  ch <- svychisq(~row + col, sub, statistic = "Chisq")
  nr <- length(unique(na.omit(v$row))); nc <- length(unique(na.omit(v$col)))
  df <- (nr - 1) * (nc - 1)
  stopifnot(unname(ch$parameter) == df)
  data.frame(rows = nr, columns = nc, f = unname(f$statistic), ndf = unname(f$parameter["ndf"]),
             ddf = unname(f$parameter["ddf"]), p_f = f$p.value, chi_square = unname(f$statistic) * df, df = df,
             p_chi_square = ch$p.value, mean_delta = unname(ch$statistic) / (unname(f$statistic) * df))
}
