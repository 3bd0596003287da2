#include "pipeline/select/tchebycheff.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace lambdabeta::select {

std::vector<double> MinMaxNormalize(const std::vector<double>& f) {
  std::vector<double> normalized(f.size(), 0.0);
  if (f.empty()) return normalized;
  const auto [lo, hi] = std::minmax_element(f.begin(), f.end());
  const double range = *hi - *lo;
  if (range == 0) return normalized;
  for (size_t k = 0; k < f.size(); ++k) normalized[k] = (f[k] - *lo) / range;
  return normalized;
}

double AugmentedTchebycheff(double f1_normalized, double f2_normalized, double w1, double rho) {
  const double w2 = 1 - w1;
  return std::max(w1 * f1_normalized, w2 * f2_normalized) +
         rho * (w1 * f1_normalized + w2 * f2_normalized);
}

absl::StatusOr<Selection> SelectOperatingPoints(const std::vector<GridCell>& grid,
                                                const std::vector<double>& w1s, double rho) {
  if (grid.empty()) return absl::InvalidArgumentError("selection: empty (beta, lambda) grid");
  if (!(std::isfinite(rho) && rho >= 0)) {
    return absl::InvalidArgumentError(absl::StrCat("selection: rho must be >= 0, got ", rho));
  }
  std::set<std::pair<double, double>> seen;
  std::vector<double> f1, f2;
  for (const GridCell& c : grid) {
    const std::string where = absl::StrCat("selection: cell beta=", c.beta, " lambda=", c.lambda);
    if (!std::isfinite(c.beta) || !std::isfinite(c.lambda) ||
        !std::isfinite(c.reconstruction_nll) || !std::isfinite(c.mig)) {
      return absl::InvalidArgumentError(absl::StrCat(where, " has a non-finite value"));
    }
    if (!seen.insert({c.beta, c.lambda}).second) {
      return absl::InvalidArgumentError(absl::StrCat(where, " appears twice"));
    }
    f1.push_back(c.reconstruction_nll);
    f2.push_back(1 - c.mig);
  }
  Selection selection;
  selection.f1_normalized = MinMaxNormalize(f1);
  selection.f2_normalized = MinMaxNormalize(f2);
  for (double w1 : w1s) {
    if (!(w1 >= 0 && w1 <= 1)) {
      return absl::InvalidArgumentError(absl::StrCat("selection: w1 must be in [0, 1], got ", w1));
    }
    Profile profile;
    profile.w1 = w1;
    profile.w2 = 1 - w1;
    for (size_t k = 0; k < grid.size(); ++k) {
      profile.score.push_back(
          AugmentedTchebycheff(selection.f1_normalized[k], selection.f2_normalized[k], w1, rho));
      const GridCell& c = grid[k];
      const GridCell& b = grid[profile.best];
      const double s = profile.score[k], best = profile.score[profile.best];
      if (s < best ||
          (s == best && std::make_pair(c.beta, c.lambda) < std::make_pair(b.beta, b.lambda))) {
        profile.best = k;
      }
    }
    selection.profiles.push_back(std::move(profile));
  }
  return selection;
}

}  // namespace lambdabeta::select
