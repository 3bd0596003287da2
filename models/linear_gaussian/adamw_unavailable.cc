// Placeholder for the AdamW solver until adamw.cc (written on its own branch) is merged: the
// sweep links against adamw.h and reports AdamW as unavailable. Delete this file and point the
// :adamw target at adamw.cc when merging.
#include "absl/status/status.h"
#include "models/linear_gaussian/adamw.h"

namespace lambdabeta::linear_gaussian {

absl::StatusOr<std::vector<SolverResult>> RunAdamW(const std::vector<Problem>&,
                                                   const std::vector<State>&, const Weights&,
                                                   const AdamWSettings&, ReconstructionReading,
                                                   const std::vector<uint64_t>&) {
  return absl::UnimplementedError("the AdamW solver (adamw.cc) is not built into this binary");
}

}  // namespace lambdabeta::linear_gaussian
