// Synthetic factors and codes with known structure, for tests and benchmarks of the metrics.
#ifndef LAMBDABETA_PIPELINE_METRICS_SYNTHETIC_CODES_H_
#define LAMBDABETA_PIPELINE_METRICS_SYNTHETIC_CODES_H_

#include <cstdint>
#include <vector>

#include "Eigen/Core"

namespace lambdabeta::metrics {

// N x F class indices, factor j uniform on 0..num_classes[j]-1.
Eigen::MatrixXi UniformFactors(int num_samples, const std::vector<int>& num_classes, uint64_t seed);

// N x num_latents codes: latent j < F is factor j scaled to [-1, 1] plus `noise` times a
// standard normal; the remaining latents are standard normal noise.
Eigen::MatrixXd DisentangledCodes(const Eigen::MatrixXi& factors,
                                  const std::vector<int>& num_classes, int num_latents,
                                  double noise, uint64_t seed);

// N x num_latents codes in which every latent mixes all factors (scaled to [-1, 1]) with
// standard normal weights, plus `noise` times a standard normal.
Eigen::MatrixXd EntangledCodes(const Eigen::MatrixXi& factors, const std::vector<int>& num_classes,
                               int num_latents, double noise, uint64_t seed);

}  // namespace lambdabeta::metrics

#endif  // LAMBDABETA_PIPELINE_METRICS_SYNTHETIC_CODES_H_
