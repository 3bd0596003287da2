// Loading and validating the study configs (text-format protobuf under paper/config/).
// Every error names the file, the line and the field, e.g.
//   paper/config/smoke.deep.pbtxt:12:3: field 'training.batch_size': must be positive, got 0
#ifndef LAMBDABETA_PIPELINE_CONFIG_CONFIGS_H_
#define LAMBDABETA_PIPELINE_CONFIG_CONFIGS_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/proto/deep_study.pb.h"
#include "common/proto/linear_study.pb.h"

namespace lambdabeta {

absl::StatusOr<LinearStudyConfig> LoadLinearStudyConfig(const std::string& path);
absl::StatusOr<DeepStudyConfig> LoadDeepStudyConfig(const std::string& path);

}  // namespace lambdabeta

#endif  // LAMBDABETA_PIPELINE_CONFIG_CONFIGS_H_
