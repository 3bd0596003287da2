#include "proofs_check/claim_support.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "models/linear_gaussian/random.h"

namespace lambdabeta::proofs_check {

std::vector<Size> SizesFor(const CheckOptions& options, bool need_two_latents) {
  std::vector<Size> sizes;
  for (const Size& size : CheckSizes()) {
    if (options.small_only && size.n > 4) continue;
    if (need_two_latents && size.m < 2) continue;
    sizes.push_back(size);
  }
  return sizes;
}

std::string SeedsDescription(uint32_t claim_id) {
  return absl::StrFormat(
      "instance k has seed S = (%d << 32) | k = 0x%08x%08x + k; its problem and initial state "
      "are MakeInstance(S, size, weights) of proofs_check/instances.h (every draw from "
      "RandomStream(MixBits(S))); random probe directions come from MixBits(S) mixed with the "
      "step and block. Each failure's description names S.",
      claim_id, claim_id, 0);
}

StationarityChecks AddStationarityChecks(RecordBuilder& record, const CheckOptions& options,
                                         const std::string& prefix, const std::string& what) {
  StationarityChecks checks;
  if (options.autograd) {
    checks.autograd = &record.AddSubCheck(
        prefix + "_autograd", absl::StrCat(what, " (LibTorch autograd, float64)"),
        "||whitened gradient||_F over the blocks (nats per unit relative change, "
        "stationarity.h); tolerance e_L = eps (n+m) K S, the objective's rounding scale");
  }
  checks.finite_difference = &record.AddSubCheck(
      prefix + "_fd", absl::StrCat(what, " (central differences of the Eigen objective)"),
      "|derivative along a unit whitened probe direction| (every basis direction of a small "
      "block, else 3 random ones and the autograd direction); tolerance its error bound "
      "(rounding 1.5 e_L / h plus the stencil's truncation bound; exact along A and B)");
  return checks;
}

UpdateChecks AddUpdateChecks(RecordBuilder& record, const CheckOptions& options,
                             const std::string& objective) {
  UpdateChecks checks;
  checks.decoder = AddStationarityChecks(
      record, options, "decoder_update_stationary",
      absl::StrCat("after the decoder update (A(t), Sigma_Z(t)) from (B(t), Sigma_W(t)): the "
                   "gradients of ",
                   objective, " in A and Sigma_Z vanish"));
  checks.encoder = AddStationarityChecks(
      record, options, "encoder_update_stationary",
      absl::StrCat("after the encoder update (B(t+1), Sigma_W(t+1)) from (A(t), Sigma_Z(t)): "
                   "the gradients of ",
                   objective, " in B and Sigma_W vanish"));
  checks.decoder_minimum = checks.encoder_minimum = &record.AddSubCheck(
      "updates_are_block_minima",
      absl::StrCat("no random whitened perturbation (sizes 1e-3, 0.1, 0.9) of the block just "
                   "updated lowers ",
                   objective),
      "max(0, L(update) - L(perturbed)); tolerance e_L(update) + e_L(perturbed)");
  return checks;
}

FixedPointChecks AddFixedPointChecks(RecordBuilder& record, const CheckOptions& options,
                                     const std::string& objective, const std::string& how) {
  FixedPointChecks checks;
  checks.stationary = AddStationarityChecks(
      record, options, "fixed_point_stationary",
      absl::StrCat("at fixed points of the updates: all four gradients of ", objective, " vanish"));
  checks.defect = &record.AddSubCheck(
      "fixed_points_are_fixed", how,
      "whitened size of the change of (B, Sigma_W) in one update (built points); tolerance "
      "its rounding level eps (n+m) K (||L_W^-1 B L_Y||_F + sqrt m), K = max cond(Sigma_W, "
      "Sigma_X, Sigma_Y); a search that does not reach its rounding level fails");
  return checks;
}

void CheckUpdatesAlongTrajectory(const CheckOptions& options, const Instance& instance, int steps,
                                 const UpdateChecks& checks) {
  const Problem& problem = instance.problem;
  const Weights& weights = instance.weights;
  const Trajectory trajectory =
      Trajectory::Run(options.step, problem, instance.initial, weights, steps);
  if (trajectory.length() < steps) {
    checks.decoder.finite_difference->AddFailure(instance.Describe(),
                                                 trajectory.stop_reason().ToString());
  }
  for (int t = 0; t < trajectory.length(); ++t) {
    const uint64_t seed = linear_gaussian::MixBits(instance.seed) + t;
    const std::string where = At(instance, t);
    const State after_decoder = trajectory.AfterDecoderUpdate(t);
    const State after_encoder = trajectory.AfterEncoderUpdate(t);
    CheckStationary(problem, after_decoder, weights, DECODER_MEAN, kDecoderBlocks, options.autograd,
                    seed, where + " after decoder", checks.decoder);
    CheckStationary(problem, after_encoder, weights, DECODER_MEAN, kEncoderBlocks, options.autograd,
                    seed, where + " after encoder", checks.encoder);
    CheckBlockMinimum(problem, after_decoder, weights, DECODER_MEAN, kDecoderBlocks, seed,
                      where + " decoder", checks.decoder_minimum);
    CheckBlockMinimum(problem, after_encoder, weights, DECODER_MEAN, kEncoderBlocks, seed,
                      where + " encoder", checks.encoder_minimum);
  }
}

std::string At(const Instance& instance, int t) {
  return absl::StrCat(instance.Describe(), " t=", t);
}

std::string Format(double value) { return absl::StrFormat("%.3g", value); }

}  // namespace lambdabeta::proofs_check
