// Section 6: choosing a (beta, lambda) operating point by augmented Tchebycheff scalarisation.
// Objectives per grid cell: f1 = reconstruction NLL, f2 = 1 - MIG (the "entanglement score").
// Each is min-max normalised over the grid,
//   f-bar_i = (f_i - min f_i) / (max f_i - min f_i),
// and for preference weights (w1, w2 = 1 - w1)
//   S = max_i w_i f-bar_i + rho * sum_i w_i f-bar_i      (rho = 1e-3 in the paper).
// The minimiser of S over the grid is the selected point for that profile.
//
// Choices the paper leaves open (documented in README.md):
// - If max f_i == min f_i over the grid, f-bar_i = 0 in every cell (the objective cannot tell
//   cells apart) instead of 0/0.
// - The paper asks for w_i > 0 but shows w1 in {0, 0.5, 1}. The formula is well defined there and
//   is implemented as written: at w1 = 0, S = (1 + rho) f-bar_2 ignores reconstruction entirely
//   (the augmentation term is weighted too), and at w1 = 1, S = (1 + rho) f-bar_1.
// - Exact ties in S go to the smallest beta, then the smallest lambda.
#ifndef LAMBDABETA_PIPELINE_SELECT_TCHEBYCHEFF_H_
#define LAMBDABETA_PIPELINE_SELECT_TCHEBYCHEFF_H_

#include <cstddef>
#include <vector>

#include "absl/status/statusor.h"

namespace lambdabeta::select {

struct GridCell {
  double beta = 0;
  double lambda = 0;
  double reconstruction_nll = 0;  // f1
  double mig = 0;                 // f2 = 1 - mig
};

struct Profile {
  double w1 = 0;
  double w2 = 0;
  std::vector<double> score;  // S per cell, in grid order (Figure 6's heatmap)
  size_t best = 0;            // index of the selected cell
};

struct Selection {
  std::vector<double> f1_normalized;  // per cell
  std::vector<double> f2_normalized;
  std::vector<Profile> profiles;  // one per requested w1, in order
};

// (f - min) / (max - min) over `f`; all zeros when max == min.
std::vector<double> MinMaxNormalize(const std::vector<double>& f);

// S for one cell.
double AugmentedTchebycheff(double f1_normalized, double f2_normalized, double w1, double rho);

// Errors: an empty grid, a repeated (beta, lambda), a non-finite value, w1 outside [0, 1],
// rho negative or non-finite.
absl::StatusOr<Selection> SelectOperatingPoints(const std::vector<GridCell>& grid,
                                                const std::vector<double>& w1s, double rho);

}  // namespace lambdabeta::select

#endif  // LAMBDABETA_PIPELINE_SELECT_TCHEBYCHEFF_H_
