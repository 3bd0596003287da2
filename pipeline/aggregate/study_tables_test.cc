#include "pipeline/aggregate/study_tables.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "pipeline/aggregate/test_results.h"
#include "pipeline/select/tchebycheff.h"

namespace lambdabeta::aggregate {
namespace {

using testing::Bce;
using testing::Mig;
using testing::Sap;
using Table = testing::Rows;

double Number(const std::string& cell) {
  double v;
  EXPECT_TRUE(absl::SimpleAtod(cell, &v)) << cell;
  return v;
}

// The index of column `name` in a table's header, its second line "# name<TAB>name...": the
// figures read the tables by these names.
size_t Column(const std::string& tsv, const std::string& name) {
  const std::vector<std::string> lines = absl::StrSplit(tsv, '\n');
  EXPECT_GE(lines.size(), 2u);
  const std::vector<std::string> names = absl::StrSplit(lines[1].substr(2), '\t');
  for (size_t k = 0; k < names.size(); ++k) {
    if (names[k] == name) return k;
  }
  ADD_FAILURE() << "no column " << name << " in " << lines[1];
  return 0;
}

class StudyTablesTest : public ::testing::Test {
 protected:
  StudyTablesTest() : config_(testing::SmallConfig()) {
    const std::vector<std::string> paths =
        testing::WriteAllResults(config_, "sha", testing::TempDir("tables"));
    grid_ = *CollectResults(config_, "sha", paths);
    cells_ = *SummarizeCells(grid_);
  }
  DeepStudyConfig config_;
  ResultGrid grid_;
  CellSummaries cells_;
};

TEST_F(StudyTablesTest, SummariesAreMeansAndSampleStdsOverSeeds) {
  ASSERT_EQ(cells_.size(), 12u);
  // Two seeds: mean of f(0), f(1); sample std |f(1) - f(0)| / sqrt(2).
  const CellSummary& c = cells_.at({SHAPES3D, 4, 8});
  EXPECT_EQ(c.at("bce").count, 2);
  EXPECT_DOUBLE_EQ(c.at("bce").mean, (Bce(1, 4, 8, 0) + Bce(1, 4, 8, 1)) / 2);
  EXPECT_DOUBLE_EQ(c.at("bce").std, 2 / std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(c.at("sap").mean, (Sap(1, 4, 8, 0) + Sap(1, 4, 8, 1)) / 2);
  EXPECT_NEAR(c.at("sap").std, 0.01 / std::sqrt(2.0), 1e-15);
  EXPECT_DOUBLE_EQ(c.at("mig").mean, (Mig(1, 4, 8, 0) + Mig(1, 4, 8, 1)) / 2);
  EXPECT_NEAR(c.at("mig").std, 0.02 / std::sqrt(2.0), 1e-15);
}

TEST_F(StudyTablesTest, Figure4HasLambdaZeroPerDatasetAndBeta) {
  const std::string tsv = Figure4Tsv(config_, cells_);
  const std::vector<Table> blocks = testing::ReadBlocks(tsv);
  ASSERT_EQ(blocks.size(), 2u);
  ASSERT_EQ(blocks[1].size(), 3u);
  const std::vector<std::string>& row = blocks[1][2];  // Shapes3D, beta 16
  ASSERT_EQ(row.size(), 10u);                          // 4 + mean and std of BCE, MIG, SAP
  EXPECT_EQ(row[Column(tsv, "dataset_index")], "1");
  EXPECT_EQ(row[Column(tsv, "dataset")], "Shapes3D");
  EXPECT_EQ(row[Column(tsv, "beta")], "16");
  EXPECT_EQ(row[Column(tsv, "n")], "2");
  EXPECT_NEAR(Number(row[Column(tsv, "bce_mean")]), Bce(1, 16, 0, 0) + 1, 1e-8);
  EXPECT_NEAR(Number(row[Column(tsv, "bce_std")]), std::sqrt(2.0), 1e-8);
  EXPECT_NEAR(Number(row[Column(tsv, "sap_mean")]), Sap(1, 16, 0, 0) + 0.005, 1e-9);
  EXPECT_NEAR(Number(row[Column(tsv, "sap_std")]), 0.01 / std::sqrt(2.0), 1e-9);
  EXPECT_NEAR(Number(row[Column(tsv, "mig_mean")]), Mig(1, 16, 0, 0) + 0.01, 1e-9);
  EXPECT_NEAR(Number(row[Column(tsv, "mig_std")]), 0.02 / std::sqrt(2.0), 1e-9);

  const std::string md = Figure4Markdown(config_, cells_);
  // dSprites, beta 4, lambda 0: BCE 120 and 122 -> 121.0 ± 1.4; MIG 0.2, 0.22; SAP 0.1, 0.11.
  EXPECT_NE(md.find("| Dataset | β | Reconstruction (nats) | MIG | SAP |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| dSprites | 4 | 121.0 ± 1.4 (n = 2) | 0.210 ± 0.014 (n = 2) | "
                    "0.105 ± 0.007 (n = 2) |"),
            std::string::npos)
      << md;
}

TEST_F(StudyTablesTest, Figure5HasEveryCellWithGridIndices) {
  const std::string tsv = Figure5Tsv(config_, cells_);
  const std::vector<Table> blocks = testing::ReadBlocks(tsv);
  ASSERT_EQ(blocks.size(), 2u);
  ASSERT_EQ(blocks[0].size(), 6u);
  const std::vector<std::string>& row = blocks[0][3];  // beta 4 (index 1), lambda 8 (index 1)
  EXPECT_EQ(row[Column(tsv, "beta_index")], "1");
  EXPECT_EQ(row[Column(tsv, "lambda_index")], "1");
  EXPECT_EQ(row[Column(tsv, "beta")], "4");
  EXPECT_EQ(row[Column(tsv, "lambda")], "8");
  EXPECT_NEAR(Number(row[Column(tsv, "bce_mean")]), Bce(0, 4, 8, 0) + 1, 1e-8);
  EXPECT_NEAR(Number(row[Column(tsv, "sap_mean")]), Sap(0, 4, 8, 0) + 0.005, 1e-9);
  EXPECT_NEAR(Number(row[Column(tsv, "mig_mean")]), Mig(0, 4, 8, 0) + 0.01, 1e-9);
}

TEST_F(StudyTablesTest, SelectionAgreesWithSelectOperatingPoints) {
  absl::StatusOr<SelectionFiles> files = SelectionTables(config_, cells_);
  ASSERT_TRUE(files.ok()) << files.status();
  const std::vector<Table> scores = testing::ReadBlocks(files->scores_tsv);
  const std::vector<Table> selected = testing::ReadBlocks(files->selected_tsv);
  ASSERT_EQ(scores.size(), 2u * 3);
  ASSERT_EQ(selected.size(), 1u);
  ASSERT_EQ(selected[0].size(), 6u);
  for (int d = 0; d < 2; ++d) {
    // The same numbers worked out from the formulas, straight into the selection library.
    std::vector<select::GridCell> grid;
    for (double beta : {1.0, 4.0, 16.0}) {
      for (double lambda : {0.0, 8.0}) {
        grid.push_back({beta, lambda, Bce(d, beta, lambda, 0) + 1,
                        (Mig(d, beta, lambda, 0) + Mig(d, beta, lambda, 1)) / 2});
      }
    }
    const select::Selection expected = *select::SelectOperatingPoints(grid, {0, 0.5, 1}, 1e-3);
    for (int p = 0; p < 3; ++p) {
      const Table& block = scores[d * 3 + p];
      ASSERT_EQ(block.size(), 6u);
      for (size_t k = 0; k < 6; ++k) {
        EXPECT_NEAR(Number(block[k][13]), expected.profiles[p].score[k], 1e-9);
        EXPECT_EQ(block[k][14], k == expected.profiles[p].best ? "1" : "0");
      }
      const std::vector<std::string>& pick = selected[0][d * 3 + p];
      const select::GridCell& best = grid[expected.profiles[p].best];
      EXPECT_EQ(Number(pick[7]), best.beta);
      EXPECT_EQ(Number(pick[8]), best.lambda);
    }
  }
  // w1 = 1 ranks by reconstruction alone: the lowest BCE is beta 1, lambda 8 on both datasets;
  // w1 = 0 by MIG alone: beta 1, lambda 8 again (0.6 + 0.08 + 0.01).
  EXPECT_NE(files->markdown.find("| dSprites | 1 | 0 | 1 | 8 | 0.0000 |"), std::string::npos)
      << files->markdown;
}

TEST_F(StudyTablesTest, Figure8IsSeedZerosMiMatrixAtEachSetting) {
  const std::vector<Table> blocks = testing::ReadBlocks(Figure8Tsv(config_, grid_));
  ASSERT_EQ(blocks.size(), 4u);                    // 2 datasets x 2 settings
  const Table& block = blocks[3];                  // Shapes3D at (4, 8)
  ASSERT_EQ(block.size(), 6u);                     // 3 latents x 2 factors
  const std::vector<std::string>& row = block[5];  // latent 2, factor 1
  EXPECT_EQ(row[2], "1");
  EXPECT_EQ(row[3], "4");
  EXPECT_EQ(row[4], "8");
  EXPECT_EQ(row[5], "2");
  EXPECT_EQ(row[6], "1");
  EXPECT_EQ(row[7], "scale");
  EXPECT_NEAR(Number(row[8]), 0.3 + 0.01 + 0.004, 1e-12);
  EXPECT_NEAR(Number(row[9]), (0.3 + 0.01 + 0.004) / 2, 1e-12);  // entropy of 'scale' is 2
}

TEST(StudyTables, OneSeedGivesStdZeroWithNOneAndNoNan) {
  DeepStudyConfig config = testing::SmallConfig();
  config.mutable_training()->set_seeds(1);
  const ResultGrid grid = *CollectResults(
      config, "sha", testing::WriteAllResults(config, "sha", testing::TempDir("one_seed")));
  const CellSummaries cells = *SummarizeCells(grid);
  const std::string md = Figure4Markdown(config, cells);
  EXPECT_NE(md.find("| dSprites | 1 | 100.0 ± 0.0 (n = 1) |"), std::string::npos) << md;
  const std::string all = Figure4Tsv(config, cells) + Figure5Tsv(config, cells) + md +
                          SelectionTables(config, cells)->scores_tsv + Figure8Tsv(config, grid);
  for (absl::string_view token : absl::StrSplit(all, absl::ByAnyChar(" \t\n|()"))) {
    const std::string t = absl::AsciiStrToLower(token);
    EXPECT_TRUE(t != "nan" && t != "-nan" && t != "inf" && t != "-inf") << token;
  }
}

}  // namespace
}  // namespace lambdabeta::aggregate
