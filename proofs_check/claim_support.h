// What the claim checks share: instance lists, seeds, descriptions.
#ifndef LAMBDABETA_PROOFS_CHECK_CLAIM_SUPPORT_H_
#define LAMBDABETA_PROOFS_CHECK_CLAIM_SUPPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "proofs_check/claims.h"
#include "proofs_check/instances.h"
#include "proofs_check/stationarity.h"

namespace lambdabeta::proofs_check {

// CheckSizes(), or those with n <= 4 under options.small_only.
std::vector<Size> SizesFor(const CheckOptions& options, bool need_two_latents = false);

// The record's `seeds` text for a claim whose instance k has seed InstanceSeed(claim_id, k).
std::string SeedsDescription(uint32_t claim_id);

// Adds the sub-checks "<prefix>_autograd" (only with options.autograd: ||whitened gradient||
// <= e_L) and "<prefix>_fd" (|derivative along each probe direction| <= its error bound) of
// "the gradient in `what` vanishes <when>".
StationarityChecks AddStationarityChecks(RecordBuilder& record, const CheckOptions& options,
                                         const std::string& prefix, const std::string& what);

// Where the checks of the updates along a trajectory go (the minima may share a sub-check).
struct UpdateChecks {
  StationarityChecks decoder;           // the decoder update zeroes dL/dA, dL/dSigma_Z
  StationarityChecks encoder;           // the encoder update zeroes dL/dB, dL/dSigma_W
  SubCheck* decoder_minimum = nullptr;  // no perturbation of (A, Sigma_Z) lowers L
  SubCheck* encoder_minimum = nullptr;  // no perturbation of (B, Sigma_W) lowers L
};

// The sub-checks of UpdateChecks for the objective named `objective` (L_beta, L_lambda_beta):
// "decoder_update_stationary_*", "encoder_update_stationary_*" and "updates_are_block_minima".
UpdateChecks AddUpdateChecks(RecordBuilder& record, const CheckOptions& options,
                             const std::string& objective);

// Fixed points: "fixed_point_stationary_*" (all four gradients of `objective` vanish) and
// "fixed_points_are_fixed" (`how` says which points and how they were reached).
struct FixedPointChecks {
  StationarityChecks stationary;
  SubCheck* defect = nullptr;
};
FixedPointChecks AddFixedPointChecks(RecordBuilder& record, const CheckOptions& options,
                                     const std::string& objective, const std::string& how);

// Runs `steps` updates of options.step from the instance and checks each half-update at every
// step (objective with the decoder-mean reading). A trajectory cut short fails the decoder
// checks.
void CheckUpdatesAlongTrajectory(const CheckOptions& options, const Instance& instance, int steps,
                                 const UpdateChecks& checks);

// "<instance> t=<t>".
std::string At(const Instance& instance, int t);

// A positive double as %.3g.
std::string Format(double value);

}  // namespace lambdabeta::proofs_check

#endif  // LAMBDABETA_PROOFS_CHECK_CLAIM_SUPPORT_H_
