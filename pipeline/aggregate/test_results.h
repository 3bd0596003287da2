// Hand-made deep-study results for the aggregation tests: a small config, metrics given by
// simple formulas of (dataset, beta, lambda, seed) so that tests can work out means and stds by
// hand, and reconstruction files.
#ifndef LAMBDABETA_PIPELINE_AGGREGATE_TEST_RESULTS_H_
#define LAMBDABETA_PIPELINE_AGGREGATE_TEST_RESULTS_H_

#include <string>
#include <vector>

#include "common/proto/deep_study.pb.h"
#include "common/proto/results.pb.h"
#include "pipeline/evaluate/reconstructions.h"

namespace lambdabeta::aggregate::testing {

// Datasets DSPRITES and SHAPES3D, beta {1, 4, 16}, lambda {0, 8}, 2 seeds, 3 latents,
// 10 + 5 training steps, 2 reconstructions, settings (1, 0) and (16, 8) for Figure 7,
// (1, 0) and (4, 8) for Figure 8, rho 1e-3, w1 {0, 0.5, 1}.
DeepStudyConfig SmallConfig();

// The metrics of run (dataset, beta, lambda, seed): dataset index d in the config, then
//   bce = 100 + 50 d + 10 log2(beta) - lambda + 2 seed   (seeds differ by 2: std = sqrt(2))
//   sap = 0.1 + 0.02 lambda / (1 + log2(beta)) + 0.01 seed
//   mig = 0.6 / (1 + log2(beta)) + 0.01 lambda + 0.02 seed
// mse = bce / 2, kl = beta; MI matrix 3 x 2 with entry (i, j) = 0.1 (i + 1) + 0.01 j + beta/1000.
double Bce(int d, double beta, double lambda, int seed);
double Sap(int d, double beta, double lambda, int seed);
double Mig(int d, double beta, double lambda, int seed);

DeepRunResult MakeResult(const DeepStudyConfig& config, const std::string& config_sha256, int d,
                         double beta, double lambda, int seed);

// Every run of the config written as <dir>/r_<d>_<beta>_<lambda>_<seed>.pbtxt; returns paths.
std::vector<std::string> WriteAllResults(const DeepStudyConfig& config,
                                         const std::string& config_sha256, const std::string& dir);

// A reconstruction set of `images` 2 x 3 images: originals depend on (d, image) only,
// reconstructions on (d, setting, image) too.
evaluate::ReconstructionSet MakeReconstructions(::lambdabeta::Dataset dataset, int d, double beta,
                                                double lambda, int setting, int images);

// Seed 0's files at the config's reconstruction_settings, datasets x settings.
std::vector<std::string> WriteAllReconstructions(const DeepStudyConfig& config,
                                                 const std::string& dir);

std::string TempDir(const std::string& name);  // a fresh directory under TEST_TMPDIR

// The gnuplot blocks of an aggregator output: '#' lines skipped, blank lines end a block; each
// block is its rows of tab-separated cells.
using Rows = std::vector<std::vector<std::string>>;
std::vector<Rows> ReadBlocks(const std::string& text);

}  // namespace lambdabeta::aggregate::testing

#endif  // LAMBDABETA_PIPELINE_AGGREGATE_TEST_RESULTS_H_
