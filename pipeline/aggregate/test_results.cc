#include "pipeline/aggregate/test_results.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/io/files.h"

namespace lambdabeta::aggregate::testing {

DeepStudyConfig SmallConfig() {
  DeepStudyConfig c;
  c.set_name("aggregate-test");
  c.add_datasets(DSPRITES);
  c.add_datasets(SHAPES3D);
  Architecture& a = *c.mutable_architecture();
  a.set_latent_dim(3);
  for (int w : {8, 8, 8, 8}) a.add_conv_channels(w);
  a.set_kernel_size(4);
  a.set_stride(2);
  a.set_fc_hidden(16);
  a.set_image_size(64);
  Training& t = *c.mutable_training();
  t.set_optimizer(Training::ADAM);
  t.set_learning_rate(1e-4);
  t.set_batch_size(64);
  t.set_beta_vae_steps(10);
  t.set_lambda_beta_vae_steps(5);
  t.set_seeds(2);
  t.set_chunk_steps(10);
  t.set_checkpoint_every(5);
  for (double b : {1, 4, 16}) c.add_beta(b);
  for (double l : {0, 8}) c.add_lambda(l);
  ::lambdabeta::Evaluation& e = *c.mutable_evaluation();
  e.set_num_fit(100);
  e.set_num_test(50);
  e.set_mig_bins(20);
  e.set_svm_c(0.01);
  e.set_sap_mode(DISCRETE);
  e.set_num_reconstructions(2);
  c.mutable_selection()->set_rho(1e-3);
  for (double w : {0.0, 0.5, 1.0}) c.mutable_selection()->add_w1(w);
  for (auto [b, l] : {std::pair{1.0, 0.0}, {16.0, 8.0}}) {
    Setting& s = *c.add_reconstruction_settings();
    s.set_beta(b);
    s.set_lambda(l);
  }
  for (auto [b, l] : {std::pair{1.0, 0.0}, {4.0, 8.0}}) {
    Setting& s = *c.add_mi_heatmap_settings();
    s.set_beta(b);
    s.set_lambda(l);
  }
  return c;
}

double Bce(int d, double beta, double lambda, int seed) {
  return 100 + 50 * d + 10 * std::log2(beta) - lambda + 2 * seed;
}
double Sap(int, double beta, double lambda, int seed) {
  return 0.1 + 0.02 * lambda / (1 + std::log2(beta)) + 0.01 * seed;
}
double Mig(int, double beta, double lambda, int seed) {
  return 0.6 / (1 + std::log2(beta)) + 0.01 * lambda + 0.02 * seed;
}

DeepRunResult MakeResult(const DeepStudyConfig& config, const std::string& config_sha256, int d,
                         double beta, double lambda, int seed) {
  DeepRunResult r;
  r.mutable_provenance()->set_config_name(config.name());
  r.mutable_provenance()->set_config_sha256(config_sha256);
  Environment& e = *r.mutable_provenance()->mutable_environment();
  e.set_libtorch_version("1.13.1");
  e.set_device_class("cpu");
  e.set_cpu_capability("AVX2");
  e.set_threads(1);
  e.set_device_model("Test CPU");
  r.set_dataset(static_cast<::lambdabeta::Dataset>(config.datasets(d)));
  r.set_beta(beta);
  r.set_lambda(lambda);
  r.set_seed(seed);
  r.set_steps(config.training().beta_vae_steps() + config.training().lambda_beta_vae_steps());
  DeepMetrics& m = *r.mutable_metrics();
  m.set_bce(Bce(d, beta, lambda, seed));
  m.set_mse(m.bce() / 2);
  m.set_kl(beta);
  m.set_sap(Sap(d, beta, lambda, seed));
  m.set_mig(Mig(d, beta, lambda, seed));
  Matrix& mi = *m.mutable_mutual_information();
  mi.set_rows(3);
  mi.set_cols(2);
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 2; ++j) mi.add_values(0.1 * (i + 1) + 0.01 * j + beta / 1000);
  }
  m.add_factor_names("shape");
  m.add_factor_names("scale");
  m.add_factor_entropy(1.0);
  m.add_factor_entropy(2.0);
  return r;
}

std::vector<std::string> WriteAllResults(const DeepStudyConfig& config,
                                         const std::string& config_sha256, const std::string& dir) {
  std::vector<std::string> paths;
  for (int d = 0; d < config.datasets_size(); ++d) {
    for (double beta : config.beta()) {
      for (double lambda : config.lambda()) {
        for (int seed = 0; seed < config.training().seeds(); ++seed) {
          const std::string path =
              absl::StrFormat("%s/r_%d_%g_%g_%d.pbtxt", dir, d, beta, lambda, seed);
          WriteTextProto(path, MakeResult(config, config_sha256, d, beta, lambda, seed))
              .IgnoreError();
          paths.push_back(path);
        }
      }
    }
  }
  return paths;
}

evaluate::ReconstructionSet MakeReconstructions(::lambdabeta::Dataset dataset, int d, double beta,
                                                double lambda, int setting, int images) {
  evaluate::ReconstructionSet set;
  set.dataset = dataset;
  set.beta = beta;
  set.lambda = lambda;
  set.height = 2;
  set.width = 3;
  set.channels = 3;
  for (int i = 0; i < images; ++i) {
    evaluate::PackedImage original, reconstruction;
    for (uint32_t p = 0; p < 6; ++p) {
      original.push_back(1000 * d + 100 * i + p);
      reconstruction.push_back(100000 + 10000 * d + 1000 * setting + 100 * i + p);
    }
    set.originals.push_back(original);
    set.reconstructions.push_back(reconstruction);
  }
  return set;
}

std::vector<std::string> WriteAllReconstructions(const DeepStudyConfig& config,
                                                 const std::string& dir) {
  std::vector<std::string> paths;
  for (int d = 0; d < config.datasets_size(); ++d) {
    for (int s = 0; s < config.reconstruction_settings_size(); ++s) {
      const Setting& setting = config.reconstruction_settings(s);
      const std::string path = absl::StrFormat("%s/recon_%d_%d.dat", dir, d, s);
      evaluate::WriteReconstructions(
          path, MakeReconstructions(static_cast<::lambdabeta::Dataset>(config.datasets(d)), d,
                                    setting.beta(), setting.lambda(), s,
                                    config.evaluation().num_reconstructions()))
          .IgnoreError();
      paths.push_back(path);
    }
  }
  return paths;
}

std::string TempDir(const std::string& name) {
  const std::string dir = absl::StrCat(std::getenv("TEST_TMPDIR"), "/", name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::vector<Rows> ReadBlocks(const std::string& text) {
  std::vector<Rows> blocks(1);
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(line, "#")) continue;
    if (line.empty()) {
      if (!blocks.back().empty()) blocks.emplace_back();
      continue;
    }
    blocks.back().push_back(absl::StrSplit(line, '\t'));
  }
  if (blocks.back().empty()) blocks.pop_back();
  return blocks;
}

}  // namespace lambdabeta::aggregate::testing
