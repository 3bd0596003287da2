// The Starlark view of a config (what BUILD macros lay the training grid out from) must say
// what the C++ config loader says.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/io/files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/config/configs.h"

namespace lambdabeta {
namespace {

using ::testing::HasSubstr;

struct CommandOutput {
  int exit_code;
  std::string output;  // stdout and stderr
};

CommandOutput Convert(const std::string& config) {
  const std::string command = absl::StrCat(
      "pipeline/config/textproto_to_starlark pipeline/config/deep_study.descriptors "
      "lambdabeta.DeepStudyConfig tier=",
      config, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  const int status = pclose(pipe);
  return {WEXITSTATUS(status), output};
}

template <typename Values>
std::string StarlarkList(const Values& values) {
  std::string list = "[";
  for (const auto& v : values) absl::StrAppend(&list, "\"", v, "\", ");
  return list + "]";
}

TEST(TextprotoToStarlarkTest, GridMatchesTheConfigLoader) {
  for (const char* file : {"paper/config/smoke.deep.pbtxt", "paper/config/paper.deep.pbtxt",
                           "paper/config/authors.deep.pbtxt"}) {
    absl::StatusOr<DeepStudyConfig> config = LoadDeepStudyConfig(file);
    ASSERT_TRUE(config.ok()) << config.status();
    const CommandOutput run = Convert(file);
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_THAT(run.output, HasSubstr(absl::StrCat("\"beta\": ", StarlarkList(config->beta()))));
    EXPECT_THAT(run.output,
                HasSubstr(absl::StrCat("\"lambda\": ", StarlarkList(config->lambda()))));
    EXPECT_THAT(run.output,
                HasSubstr(absl::StrCat("\"seeds\": \"", config->training().seeds(), "\"")));
    EXPECT_THAT(run.output, HasSubstr(absl::StrCat("\"beta_vae_steps\": \"",
                                                   config->training().beta_vae_steps(), "\"")));
    EXPECT_THAT(run.output, HasSubstr(absl::StrCat("\"chunk_steps\": \"",
                                                   config->training().chunk_steps(), "\"")));
    std::vector<std::string> datasets;
    for (int d : config->datasets()) datasets.push_back(Dataset_Name(static_cast<Dataset>(d)));
    EXPECT_THAT(run.output, HasSubstr(absl::StrCat("\"datasets\": ", StarlarkList(datasets))));
  }
}

TEST(TextprotoToStarlarkTest, ParseErrorNamesFileLineAndField) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/bad.pbtxt";
  ASSERT_TRUE(WriteFileAtomically(path, "name: \"x\"\ntraining {\n  seedz: 3\n}\n").ok());
  const CommandOutput run = Convert(path);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.output, HasSubstr(path + ":3:"));
  EXPECT_THAT(run.output, HasSubstr("seedz"));
}

}  // namespace
}  // namespace lambdabeta
