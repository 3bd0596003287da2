// //pipeline/aggregate:aggregate_results: the deep study's results -> the data of Figures 4-8,
// Table 2 and the Section 6 selection (see pipeline/aggregate/aggregate.h).
//
//   aggregate --config=paper/config/smoke.deep.pbtxt --out_dir=out
//             --reconstructions=r_sprites_b1_l0.dat,r_sprites_b16_l0.dat,...
//             result_1.pbtxt result_2.pbtxt ...
//
// Results are positional arguments (the paper tier has 2,400 of them, too many for one flag);
// --reconstructions lists seed 0's files at the config's reconstruction_settings, datasets x
// settings.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "common/io/exit_code.h"
#include "pipeline/aggregate/aggregate.h"

ABSL_FLAG(std::string, config, "",
          "deep-study config (text proto) the results were produced under");
ABSL_FLAG(std::string, out_dir, "", "directory for the figure data and tables");
ABSL_FLAG(std::vector<std::string>, reconstructions, {},
          "reconstruction files of seed 0, comma-separated, datasets x reconstruction_settings");

int main(int argc, char** argv) {
  const std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  lambdabeta::aggregate::AggregateRequest request;
  request.config_path = absl::GetFlag(FLAGS_config);
  request.out_dir = absl::GetFlag(FLAGS_out_dir);
  request.result_paths.assign(positional.begin() + 1, positional.end());
  request.reconstruction_paths = absl::GetFlag(FLAGS_reconstructions);
  absl::Status status = absl::OkStatus();
  if (request.config_path.empty() || request.out_dir.empty()) {
    status = absl::InvalidArgumentError("--config and --out_dir are required");
  } else {
    status = lambdabeta::aggregate::AggregateStudy(request);
  }
  return lambdabeta::ExitCode("aggregate", status);
}
