#include "pipeline/aggregate/table2.h"

#include <string>

#include "gtest/gtest.h"
#include "pipeline/config/configs.h"

namespace lambdabeta::aggregate {
namespace {

// The paper config's Table 2 must read as the paper's Table 2.
TEST(Table2, PaperConfigGivesThePapersTable) {
  absl::StatusOr<DeepStudyConfig> config = LoadDeepStudyConfig("paper/config/paper.deep.pbtxt");
  ASSERT_TRUE(config.ok()) << config.status();
  const Table2 table = MakeTable2(*config);
  for (const char* row : {
           "| **Training** | Optimizer | Adam |",
           "| | Learning rate | 1e-4 |",
           "| | Batch size | 64 |",
           "| | β-VAE training (phase 1) | 150,000 steps |",
           "| | λβ-VAE finetune (phase 2) | 50,000 steps |",
           "| | Seeds | 10 |",
           "| **Grid** | β grid | 1, 4, 8, 16, 32, 64, 128, 256 |",
           "| | λ grid | 0, 4, 8, 16, 32 |",
           "| **Model** | Latent dimension | m = 15 |",
           "| **Data** | Datasets | dSprites, Shapes3D, MPI3D-real |",
           "| **Evaluation** | Images per model | 10,000 fit + 5,000 test (sample seed 0) |",
           "| | SAP | discrete, linear SVM C = 0.01 |",
           "| **Selection** | Tchebycheff | ρ = 0.001, w1 = 0, 0.5, 1 |",
       }) {
    EXPECT_NE(table.markdown.find(row), std::string::npos) << row << "\n" << table.markdown;
  }
  EXPECT_NE(table.markdown.find("config `paper`"), std::string::npos);
  // The TSV: a header row, then one row per parameter; gnuplot enhanced text.
  EXPECT_EQ(table.tsv.substr(0, table.tsv.find('\n')), "-\tParameter\tValue");
  EXPECT_NE(table.tsv.find("\nTraining\tOptimizer\tAdam\n-\tLearning rate\t10^{-4}\n"),
            std::string::npos)
      << table.tsv;
  EXPECT_NE(table.tsv.find("w_1 = 0, 0.5, 1"), std::string::npos);
  EXPECT_EQ(std::count(table.tsv.begin(), table.tsv.end(), '\n'), 15);
}

}  // namespace
}  // namespace lambdabeta::aggregate
