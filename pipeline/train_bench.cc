// Training throughput of the conv VAE (Table 1 at the config's latent size, batch from the
// config): steps/s for 1- and 3-channel images and K = 1 or K = 8 models batched, per thread
// count.   bazel run -c opt //pipeline:train_bench [-- --threads=1,2 --seconds=10]
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "models/conv_vae/conv_vae.h"
#include "pipeline/config/configs.h"
#include "pipeline/runtime/runtime.h"
#include "pipeline/train/synthetic_dataset.h"
#include "pipeline/train/trainer.h"

ABSL_FLAG(std::string, config, "paper/config/smoke.deep.pbtxt", "deep-study config");
ABSL_FLAG(std::vector<std::string>, threads, std::vector<std::string>({"1", "2"}),
          "intra-op thread counts to measure");
ABSL_FLAG(std::vector<std::string>, members, std::vector<std::string>({"1", "8"}),
          "models batched together (K)");
ABSL_FLAG(double, seconds, 8.0, "time per measurement (after 2 warm-up steps)");
ABSL_FLAG(std::string, device, "auto", "auto | cpu | cuda");

namespace lambdabeta {
namespace {

int Run() {
  absl::StatusOr<DeepStudyConfig> config = LoadDeepStudyConfig(absl::GetFlag(FLAGS_config));
  if (!config.ok()) {
    std::fprintf(stderr, "train_bench: %s\n", std::string(config.status().message()).c_str());
    return 1;
  }
  absl::StatusOr<std::string> device_name = runtime::ResolveDevice(absl::GetFlag(FLAGS_device));
  if (!device_name.ok()) {
    std::fprintf(stderr, "train_bench: %s\n", std::string(device_name.status().message()).c_str());
    return 1;
  }
  const torch::Device device(*device_name);
  const int batch = config->training().batch_size();
  std::printf("conv VAE training throughput: device %s, batch %d, m = %d, Adam lr %g\n\n",
              device_name->c_str(), batch, config->architecture().latent_dim(),
              config->training().learning_rate());
  std::printf("| threads | channels | K models | steps/s | model-steps/s | ms/step |\n");
  std::printf("|--:|--:|--:|--:|--:|--:|\n");
  for (const std::string& threads_text : absl::GetFlag(FLAGS_threads)) {
    int threads = 1;
    if (!absl::SimpleAtoi(threads_text, &threads) || threads < 1) return 1;
    runtime::SetIntraOpThreads(threads);
    for (int channels : {1, 3}) {
      const data::Dataset dataset = train::SyntheticSquares(2000, channels, 0);
      for (const std::string& members_text : absl::GetFlag(FLAGS_members)) {
        int k = 1;
        if (!absl::SimpleAtoi(members_text, &k) || k < 1) return 1;
        std::vector<TrainingMember> members(k);
        std::vector<uint64_t> seeds;
        for (int i = 0; i < k; ++i) {
          members[i].set_beta(4);
          members[i].set_seed(i);
          seeds.push_back(i);
        }
        auto model = *conv_vae::ConvVae::Create(config->architecture(), channels, seeds);
        model->to(device);
        train::GroupTrainer trainer(model, members, dataset, 1, batch,
                                    config->training().learning_rate(), device);
        int64_t step = 0;
        for (; step < 2; ++step) (void)trainer.Step(step);  // warm-up
        const auto start = std::chrono::steady_clock::now();
        double elapsed = 0;
        int64_t timed = 0;
        while (elapsed < absl::GetFlag(FLAGS_seconds) || timed < 2) {
          if (!trainer.Step(step++).ok()) return 1;
          ++timed;
          elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
        const double rate = timed / elapsed;
        std::printf("| %d | %d | %d | %.2f | %.2f | %.1f |\n", threads, channels, k, rate, rate * k,
                    1000.0 / rate);
        std::fflush(stdout);
      }
    }
  }
  return 0;
}

}  // namespace
}  // namespace lambdabeta

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return lambdabeta::Run();
}
