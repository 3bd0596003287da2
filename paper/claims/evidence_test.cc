// What the ledger takes as evidence from a folder laid out as a tier's outputs are (every
// evaluation writes X_result.pbtxt and X_reconstructions.dat; learning-curve points beside the
// final evaluations; a test's runfiles copies below), and what it refuses.
#include "paper/claims/evidence.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/io/files.h"
#include "gtest/gtest.h"
#include "pipeline/aggregate/test_results.h"

namespace lambdabeta::claims {
namespace {

namespace fs = std::filesystem;
using aggregate::testing::MakeReconstructions;
using aggregate::testing::MakeResult;
using aggregate::testing::SmallConfig;
using aggregate::testing::TempDir;

// One evaluation's two outputs, <stem>_result.pbtxt and <stem>_reconstructions.dat.
void WriteEvaluation(const std::string& stem, const DeepRunResult& result, int setting) {
  fs::create_directories(fs::path(stem).parent_path());
  ASSERT_TRUE(WriteTextProto(stem + "_result.pbtxt", result).ok());
  evaluate::ReconstructionSet set = MakeReconstructions(result.dataset(), 0, result.beta(),
                                                        result.lambda(), setting, /*images=*/2);
  set.seed = result.seed();
  ASSERT_TRUE(evaluate::WriteReconstructions(stem + "_reconstructions.dat", set).ok());
}

// A tier's folder: every model's final evaluation, learning-curve evaluations (fewer steps) of
// beta = 1, and a test's runfiles copy of one result. Returns the config's path.
std::string WriteTierFolder(const std::string& dir) {
  const DeepStudyConfig config = SmallConfig();
  const std::string sha = aggregate::EvaluationSettingsSha256(config);
  for (int d = 0; d < config.datasets_size(); ++d) {
    for (double beta : config.beta()) {
      for (int seed = 0; seed < config.training().seeds(); ++seed) {
        const std::string model = absl::StrFormat("%s/d%d/beta%g_seed%d", dir, d, beta, seed);
        for (double lambda : config.lambda()) {
          WriteEvaluation(absl::StrFormat("%s_lambda%g", model, lambda),
                          MakeResult(config, sha, d, beta, lambda, seed), 7);
        }
        if (beta != 1) continue;
        for (int chunk : {0, 1}) {  // learning-curve points: 5 and 10 of the 15 steps
          DeepRunResult point = MakeResult(config, sha, d, beta, 0, seed);
          point.set_steps(5 * (chunk + 1));
          WriteEvaluation(absl::StrFormat("%s_phase1_chunk%d", model, chunk), point, 9);
        }
      }
    }
  }
  const std::string copy = absl::StrCat(dir, "/d0_test.runfiles/ws/d0");
  fs::create_directories(copy);
  fs::copy_file(absl::StrCat(dir, "/d0/beta1_seed0_lambda0_result.pbtxt"),
                absl::StrCat(copy, "/beta1_seed0_lambda0_result.pbtxt"));
  const std::string config_path = absl::StrCat(dir, "/../config.pbtxt");
  EXPECT_TRUE(WriteTextProto(config_path, config).ok());
  return config_path;
}

EvidenceFiles FolderFiles(const std::string& dir, const std::string& config) {
  EvidenceFiles files;
  files.deep_config = config;
  files.deep_results = *FilesEndingWith(dir, "_result.pbtxt");
  files.reconstructions = *FilesEndingWith(dir, "_reconstructions.dat");
  return files;
}

TEST(FilesEndingWith, LeavesOutRunfilesCopiesBelowTheDirectory) {
  // The directory searched may itself lie inside runfiles (as in a test).
  const std::string dir = TempDir("search") + "/t.runfiles/ws/pkg";
  fs::create_directories(dir + "/sub");
  fs::create_directories(dir + "/check_test.runfiles/ws/pkg");
  for (const std::string path :
       {"/a.pbtxt", "/sub/b.pbtxt", "/check_test.runfiles/ws/pkg/a.pbtxt", "/c.txt"}) {
    ASSERT_TRUE(WriteFileAtomically(dir + path, "").ok());
  }
  const absl::StatusOr<std::vector<std::string>> found = FilesEndingWith(dir, ".pbtxt");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(*found, (std::vector<std::string>{dir + "/a.pbtxt", dir + "/sub/b.pbtxt"}));
  EXPECT_FALSE(FilesEndingWith(dir + "/missing", ".pbtxt").ok());
}

TEST(LoadEvidence, TakesFinalEvaluationsAndFigure7SettingsFromATierFolder) {
  const std::string dir = TempDir("tier") + "/tier";
  const EvidenceFiles files = FolderFiles(dir, WriteTierFolder(dir));
  ASSERT_EQ(files.deep_results.size(), 2u * 3 * 2 * 2 + 2 * 2 * 2);  // finals + curve points
  const absl::StatusOr<Evidence> evidence = LoadEvidence(files);
  ASSERT_TRUE(evidence.ok()) << evidence.status();
  const DeepStudyConfig config = SmallConfig();
  EXPECT_EQ(evidence->deep->grid.runs.size(), 24u);
  for (const auto& [key, run] : evidence->deep->grid.runs) {
    EXPECT_EQ(run.steps(), 15) << aggregate::Describe(key);
  }
  // Seed 0's final evaluation at (1, 0) and (16, 8), per dataset: not seed 1, not the other
  // cells, not the learning-curve points of beta = 1 (their images are of setting 9).
  std::set<std::tuple<Dataset, double, double>> shown;
  for (const evaluate::ReconstructionSet& set : evidence->deep->reconstructions) {
    EXPECT_EQ(set.seed, 0u);
    EXPECT_EQ(set.reconstructions[0][0], 100000u + 7000u);  // the final evaluation's images
    shown.insert({set.dataset, set.beta, set.lambda});
  }
  EXPECT_EQ(shown, (std::set<std::tuple<Dataset, double, double>>{
                       {DSPRITES, 1, 0}, {DSPRITES, 16, 8}, {SHAPES3D, 1, 0}, {SHAPES3D, 16, 8}}));
  EXPECT_EQ(evidence->deep->reconstructions.size(), 4u);
}

TEST(LoadEvidence, RefusesWhatItCannotPlace) {
  const std::string dir = TempDir("refuse") + "/tier";
  const std::string config = WriteTierFolder(dir);

  // Images without the result of their evaluation: final or learning-curve point?
  EvidenceFiles files = FolderFiles(dir, config);
  const std::string orphan = dir + "/d0/beta16_seed0_lambda8_reconstructions.dat";
  files.deep_results.erase(std::find(files.deep_results.begin(), files.deep_results.end(),
                                     dir + "/d0/beta16_seed0_lambda8_result.pbtxt"));
  files.deep_results.push_back(dir + "/d0/beta16_seed0_lambda8_copy_result.pbtxt");
  fs::copy_file(dir + "/d0/beta16_seed0_lambda8_result.pbtxt", files.deep_results.back());
  absl::StatusOr<Evidence> evidence = LoadEvidence(files);
  ASSERT_FALSE(evidence.ok());
  EXPECT_NE(evidence.status().message().find(orphan), std::string::npos) << evidence.status();
  fs::remove(files.deep_results.back());

  // A final evaluation missing: the error says the learning-curve points were left out.
  fs::remove(dir + "/d1/beta4_seed1_lambda0_result.pbtxt");
  fs::remove(dir + "/d1/beta4_seed1_lambda0_reconstructions.dat");
  files = FolderFiles(dir, config);
  evidence = LoadEvidence(files);
  ASSERT_FALSE(evidence.ok());
  EXPECT_NE(evidence.status().message().find("seed=1"), std::string::npos) << evidence.status();
  EXPECT_NE(evidence.status().message().find("8 result files of fewer than the config's 15 steps"),
            std::string::npos)
      << evidence.status();

  // A second final evaluation of one model is still a duplicate.
  const std::string dir2 = TempDir("duplicate") + "/tier";
  const std::string config2 = WriteTierFolder(dir2);
  fs::copy_file(dir2 + "/d0/beta1_seed0_lambda0_result.pbtxt", dir2 + "/again_result.pbtxt");
  files = FolderFiles(dir2, config2);
  evidence = LoadEvidence(files);
  ASSERT_FALSE(evidence.ok());
  EXPECT_NE(evidence.status().message().find("duplicate"), std::string::npos) << evidence.status();
}

TEST(LoadEvidence, ProofRecordCopiesInRunfilesAreNotSecondRecords) {
  const std::string dir = TempDir("proofs");
  fs::create_directories(dir + "/lemma_3_1_test.runfiles/ws/proofs_check");
  ProofCheckRecord record;
  record.set_claim("lemma_3_1");
  ASSERT_TRUE(WriteTextProto(dir + "/lemma_3_1.pbtxt", record).ok());
  ASSERT_TRUE(
      WriteTextProto(dir + "/lemma_3_1_test.runfiles/ws/proofs_check/lemma_3_1.pbtxt", record)
          .ok());
  EvidenceFiles files;
  files.proof_records = *FilesEndingWith(dir, ".pbtxt");
  const absl::StatusOr<Evidence> evidence = LoadEvidence(files);
  ASSERT_TRUE(evidence.ok()) << evidence.status();
  EXPECT_EQ(evidence->proofs.size(), 1u);
  // Two records of one check outside runfiles are still an error.
  files.proof_records.push_back(dir + "/lemma_3_1_test.runfiles/ws/proofs_check/lemma_3_1.pbtxt");
  EXPECT_FALSE(LoadEvidence(files).ok());
}

}  // namespace
}  // namespace lambdabeta::claims
