#include "pipeline/aggregate/result_grid.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/io/files.h"
#include "gtest/gtest.h"
#include "pipeline/aggregate/test_results.h"

namespace lambdabeta::aggregate {
namespace {

using testing::MakeResult;
using testing::SmallConfig;
using testing::TempDir;
using testing::WriteAllResults;

constexpr char kSha[] = "config-sha";

void ExpectError(const absl::StatusOr<ResultGrid>& grid, const std::vector<std::string>& parts) {
  ASSERT_FALSE(grid.ok()) << "expected an error mentioning " << parts[0];
  for (const std::string& part : parts) {
    EXPECT_NE(grid.status().message().find(part), std::string::npos) << grid.status();
  }
}

TEST(CollectResults, CollectsTheCompleteGridInAnyOrder) {
  const DeepStudyConfig config = SmallConfig();
  std::vector<std::string> paths = WriteAllResults(config, kSha, TempDir("complete"));
  std::reverse(paths.begin(), paths.end());
  absl::StatusOr<ResultGrid> grid = CollectResults(config, kSha, paths);
  ASSERT_TRUE(grid.ok()) << grid.status();
  EXPECT_EQ(grid->runs.size(), 2u * 3 * 2 * 2);
  const DeepRunResult& r = grid->runs.at({{SHAPES3D, 16, 8}, 1});
  EXPECT_EQ(r.metrics().bce(), testing::Bce(1, 16, 8, 1));
}

TEST(CollectResults, ListsMissingCells) {
  const DeepStudyConfig config = SmallConfig();
  std::vector<std::string> paths = WriteAllResults(config, kSha, TempDir("missing"));
  paths.pop_back();            // the last: SHAPES3D beta 16 lambda 8 seed 1
  paths.erase(paths.begin());  // the first: DSPRITES beta 1 lambda 0 seed 0
  ExpectError(
      CollectResults(config, kSha, paths),
      {"2 of the config's 24 results are missing among the 22 files",
       "dataset=DSPRITES beta=1 lambda=0 seed=0", "dataset=SHAPES3D beta=16 lambda=8 seed=1"});
}

TEST(CollectResults, NamesBothFilesOfADuplicate) {
  const DeepStudyConfig config = SmallConfig();
  const std::string dir = TempDir("duplicate");
  std::vector<std::string> paths = WriteAllResults(config, kSha, dir);
  const std::string copy = dir + "/copy.pbtxt";
  ASSERT_TRUE(WriteTextProto(copy, MakeResult(config, kSha, 0, 4, 8, 1)).ok());
  paths.push_back(copy);
  ExpectError(CollectResults(config, kSha, paths),
              {"duplicate result for dataset=DSPRITES beta=4 lambda=8 seed=1",
               dir + "/r_0_4_8_1.pbtxt", copy});
}

// Each bad result, alone among good ones, is refused with its file name and the fault.
TEST(CollectResults, RefusesBadResultsNamingTheFile) {
  const DeepStudyConfig config = SmallConfig();
  struct Case {
    std::string name;
    void (*spoil)(DeepRunResult&);
    std::string expected;
  };
  const Case cases[] = {
      {"sha", [](DeepRunResult& r) { r.mutable_provenance()->set_config_sha256("other"); },
       "other evaluation settings (, sha256 other) than the config in force's (sha256 config-sha)"},
      {"dataset", [](DeepRunResult& r) { r.set_dataset(MPI3D_REAL); },
       "dataset MPI3D_REAL is not among the config's datasets"},
      {"beta", [](DeepRunResult& r) { r.set_beta(2); }, "(beta, lambda) = (2, 0) is not a cell"},
      {"lambda", [](DeepRunResult& r) { r.set_lambda(3); },
       "(beta, lambda) = (1, 3) is not a cell"},
      {"seed", [](DeepRunResult& r) { r.set_seed(2); }, "seed 2 is outside 0..1"},
      {"steps", [](DeepRunResult& r) { r.set_steps(14); },
       "trained for 14 steps, not the config's 15"},
      {"nan", [](DeepRunResult& r) { r.mutable_metrics()->set_mig(std::nan("")); }, "mig is nan"},
      {"inf",
       [](DeepRunResult& r) {
         r.mutable_metrics()->set_bce(std::numeric_limits<double>::infinity());
       },
       "bce is inf"},
      {"mi_shape",
       [](DeepRunResult& r) { r.mutable_metrics()->mutable_mutual_information()->set_rows(4); },
       "expected 3 latent rows"},
      {"names", [](DeepRunResult& r) { r.mutable_metrics()->add_factor_names("extra"); },
       "3 factor names"},
      {"mi_nan",
       [](DeepRunResult& r) {
         r.mutable_metrics()->mutable_mutual_information()->set_values(2, std::nan(""));
       },
       "mutual information is not finite"},
  };
  for (const Case& c : cases) {
    const std::string dir = TempDir("bad_" + c.name);
    std::vector<std::string> paths = WriteAllResults(config, kSha, dir);
    DeepRunResult bad = MakeResult(config, kSha, 0, 1, 0, 0);
    c.spoil(bad);
    ASSERT_TRUE(WriteTextProto(paths[0], bad).ok());
    ExpectError(CollectResults(config, kSha, paths), {paths[0], c.expected});
  }
}

TEST(CollectResults, RefusesUnreadableFiles) {
  const DeepStudyConfig config = SmallConfig();
  const std::string dir = TempDir("unreadable");
  std::vector<std::string> paths = WriteAllResults(config, kSha, dir);
  ASSERT_TRUE(WriteFileAtomically(paths[3], "metrics { bce: oops }").ok());
  ExpectError(CollectResults(config, kSha, paths), {paths[3]});
  paths[3] = dir + "/absent.pbtxt";
  ExpectError(CollectResults(config, kSha, paths), {"absent.pbtxt"});
}

}  // namespace
}  // namespace lambdabeta::aggregate
