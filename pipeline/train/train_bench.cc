// Training throughput of the conv VAE (Table 1 at the config's latent size, batch from the
// config) beside the same model in plain PyTorch (train_bench_pytorch.py, run with Debian's
// python3-torch if it is installed), for 1- and 3-channel images, K models batched and each
// thread count:
//   bazel run -c opt //pipeline/train:train_bench [-- --threads=1,2 --members=1,8 --seconds=10]
//
// Rates are given per wall-clock second and per CPU second of the process: on a shared machine
// the second is the steadier one. FLOPs per step are counted from the layer shapes (forward
// multiply-adds x 2, x 3 for forward + backward), and the achieved rate is set against the
// cores' fp32 peak: FMA units x fp32 lanes per vector x 2 FLOPs x clock.
#include <torch/types.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/runtime/runtime.h"
#include "models/conv_vae/conv_vae.h"
#include "pipeline/config/configs.h"
#include "pipeline/train/synthetic_dataset.h"
#include "pipeline/train/trainer.h"

ABSL_FLAG(std::string, config, "paper/config/smoke.deep.pbtxt", "deep-study config");
ABSL_FLAG(std::vector<std::string>, threads, std::vector<std::string>({"1"}),
          "intra-op thread counts to measure");
ABSL_FLAG(std::vector<std::string>, members, std::vector<std::string>({"1"}),
          "models batched together (K); PyTorch is measured for K = 1");
ABSL_FLAG(double, seconds, 8.0, "time per measurement (after 2 warm-up steps)");
ABSL_FLAG(std::string, device, "auto", "auto | cpu | cuda");
ABSL_FLAG(std::string, python, "/usr/bin/python3",
          "the Python with Debian's python3-torch; empty: do not measure PyTorch");
ABSL_FLAG(std::string, pytorch_script, "pipeline/train/train_bench_pytorch.py",
          "the PyTorch side, relative to the runfiles root");
ABSL_FLAG(bool, pytorch_keep_freed_memory, false,
          "run PyTorch with glibc tunables equal to runtime::KeepFreedMemory() (default: as a "
          "PyTorch user runs it)");
ABSL_FLAG(double, ghz, 3.0,
          "sustained clock of one core under AVX-512 load, for the peak (the VM's /proc/cpuinfo "
          "shows the 2.1 GHz base, not this)");
ABSL_FLAG(bool, keep_freed_memory, true,
          "runtime::KeepFreedMemory() as the training tool does (false: glibc's defaults)");
ABSL_FLAG(int, fma_units, 2, "vector FMA units per core (AMD Zen 4/5 and Intel server cores: 2)");

namespace lambdabeta {
namespace {

struct Rate {
  double wall = 0;  // steps per wall-clock second
  double cpu = 0;   // steps per CPU second of this process
};

// fp32 lanes per vector register: 16 with AVX-512F, 8 with AVX2, 4 otherwise (SSE).
int Fp32Lanes() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    const std::vector<std::string> flags = absl::StrSplit(line, ' ');
    auto has = [&](const char* flag) {
      return std::find(flags.begin(), flags.end(), flag) != flags.end();
    };
    return has("avx512f") ? 16 : has("avx2") ? 8 : 4;
  }
  return 4;
}

double PeakGflopsPerCore() {
  return absl::GetFlag(FLAGS_fma_units) * Fp32Lanes() * 2.0 * absl::GetFlag(FLAGS_ghz);
}

// Ours: steps of a GroupTrainer for at least --seconds after 2 warm-up steps.
std::optional<Rate> MeasureOurs(const DeepStudyConfig& config, int channels, int k,
                                const torch::Device& device) {
  const data::Dataset dataset = train::SyntheticSquares(2000, channels, 0);
  std::vector<TrainingMember> members(k);
  std::vector<uint64_t> seeds;
  for (int i = 0; i < k; ++i) {
    members[i].set_beta(4);
    members[i].set_seed(i);
    seeds.push_back(i);
  }
  auto model = *conv_vae::ConvVae::Create(config.architecture(), channels, seeds);
  model->to(device);
  train::GroupTrainer trainer(model, members, dataset, 1, config.training().batch_size(),
                              config.training().learning_rate(), device);
  int64_t step = 0;
  for (; step < 2; ++step) (void)trainer.Step(step);  // warm-up
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  double elapsed = 0;
  int64_t timed = 0;
  while (elapsed < absl::GetFlag(FLAGS_seconds) || timed < 2) {
    if (!trainer.Step(step++).ok()) return std::nullopt;
    ++timed;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  return Rate{timed / elapsed, timed / cpu};
}

// PyTorch: the sibling script in a child process, or nullopt (with the reason in `why`).
std::optional<Rate> MeasurePyTorch(const DeepStudyConfig& config, int channels, int threads,
                                   std::string& why) {
  const std::string python = absl::GetFlag(FLAGS_python);
  if (python.empty()) {
    why = "not measured (--python is empty)";
    return std::nullopt;
  }
  const Architecture& a = config.architecture();
  const std::string command = absl::StrCat(
      absl::GetFlag(FLAGS_pytorch_keep_freed_memory)
          ? "GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=2147483647 "
          : "",
      python, " ", absl::GetFlag(FLAGS_pytorch_script), " --threads=", threads,
      " --channels=", channels, " --latent_dim=", a.latent_dim(),
      " --conv_channels=", absl::StrJoin(a.conv_channels(), ","), " --fc_hidden=", a.fc_hidden(),
      " --image_size=", a.image_size(), " --batch=", config.training().batch_size(),
      " --learning_rate=", config.training().learning_rate(),
      " --seconds=", absl::GetFlag(FLAGS_seconds), " 2>&1");
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (pipe == nullptr) {
    why = absl::StrCat("not measured (cannot start ", python, ")");
    return std::nullopt;
  }
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof(buffer), pipe.get()) != nullptr) output += buffer;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    const std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
    Rate rate;
    if (words.size() == 4 && words[0] == "steps_per_s" && absl::SimpleAtod(words[1], &rate.wall) &&
        absl::SimpleAtod(words[3], &rate.cpu)) {
      return rate;
    }
  }
  why = absl::StrCat("not measured (", python, " ", absl::GetFlag(FLAGS_pytorch_script),
                     " failed; is python3-torch installed? apt-get install python3-torch): ",
                     output.substr(output.size() > 300 ? output.size() - 300 : 0));
  return std::nullopt;
}

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
  if (absl::GetFlag(FLAGS_keep_freed_memory)) runtime::KeepFreedMemory();
  const torch::Device device(*device_name);
  const int batch = config->training().batch_size();
  std::printf(
      "conv VAE training throughput: device %s, batch %d, m = %d, Adam lr %g\n"
      "fp32 peak per core: %d FMA units x %d lanes x 2 FLOPs x %.2f GHz = %.0f GFLOP/s\n\n",
      device_name->c_str(), batch, config->architecture().latent_dim(),
      config->training().learning_rate(), absl::GetFlag(FLAGS_fma_units), Fp32Lanes(),
      absl::GetFlag(FLAGS_ghz), PeakGflopsPerCore());
  std::printf(
      "| threads | C | K | steps/s | steps/CPU-s | PyTorch steps/s | PyTorch steps/CPU-s | "
      "ratio | ratio (CPU) | GFLOP/step | GFLOP/s (wall / CPU) | %% of peak (wall / CPU) |\n");
  std::printf("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
  std::vector<std::string> notes;
  for (const std::string& threads_text : absl::GetFlag(FLAGS_threads)) {
    int threads = 1;
    if (!absl::SimpleAtoi(threads_text, &threads) || threads < 1) return 1;
    runtime::SetIntraOpThreads(threads);
    for (int channels : {1, 3}) {
      for (const std::string& members_text : absl::GetFlag(FLAGS_members)) {
        int k = 1;
        if (!absl::SimpleAtoi(members_text, &k) || k < 1) return 1;
        const std::optional<Rate> ours = MeasureOurs(*config, channels, k, device);
        if (!ours) return 1;
        std::string why;
        std::optional<Rate> pytorch;
        if (k == 1 && device.is_cpu()) pytorch = MeasurePyTorch(*config, channels, threads, why);
        if (!why.empty()) notes.push_back(absl::StrCat("C = ", channels, ": PyTorch ", why));
        auto model = *conv_vae::ConvVae::Create(config->architecture(), channels, {0});
        const double gflop = 3.0 * 2.0 * model->ForwardMacsPerImage() * batch * k / 1e9;
        const double peak = PeakGflopsPerCore() * threads;
        auto two = [](double value) { return absl::StrFormat("%.2f", value); };
        std::string vs_pytorch = "- | - | - | -";
        if (pytorch) {
          vs_pytorch =
              absl::StrJoin({two(pytorch->wall), two(pytorch->cpu), two(ours->wall / pytorch->wall),
                             two(ours->cpu / pytorch->cpu)},
                            " | ");
        }
        std::printf("| %d | %d | %d | %.2f | %.2f | %s | %.2f | %.1f / %.1f | %.0f / %.0f %% |\n",
                    threads, channels, k, ours->wall, ours->cpu, vs_pytorch.c_str(), gflop,
                    gflop * ours->wall, gflop * ours->cpu, 100 * gflop * ours->wall / peak,
                    100 * gflop * ours->cpu / peak);
        std::fflush(stdout);
      }
    }
  }
  for (const std::string& note : notes) std::printf("\n%s\n", note.c_str());
  return 0;
}

}  // namespace
}  // namespace lambdabeta

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return lambdabeta::Run();
}
