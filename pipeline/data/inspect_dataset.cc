// Loads a dataset file through LoadDataset and prints what it holds and how long loading took:
// a check of a downloaded file, and the loader's benchmark.
//   bazel run -c opt //pipeline/data:inspect_dataset -- --dataset=SHAPES3D --path=3dshapes.h5
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "pipeline/data/datasets.h"

ABSL_FLAG(std::string, dataset, "BUILTIN_SPRITES",
          "BUILTIN_SPRITES, DSPRITES, SHAPES3D or MPI3D_REAL");
ABSL_FLAG(std::string, path, "", "The dataset's file.");
ABSL_FLAG(std::string, sha256, "", "If set, the SHA-256 the file must have.");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  lambdabeta::Dataset kind;
  if (!lambdabeta::Dataset_Parse(absl::GetFlag(FLAGS_dataset), &kind)) {
    std::fprintf(stderr, "inspect_dataset: unknown --dataset=%s\n",
                 absl::GetFlag(FLAGS_dataset).c_str());
    return 2;
  }
  lambdabeta::data::LoadOptions options;
  options.expected_sha256 = absl::GetFlag(FLAGS_sha256);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<lambdabeta::data::Dataset> dataset =
      lambdabeta::data::LoadDataset(kind, absl::GetFlag(FLAGS_path), options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!dataset.ok()) {
    std::fprintf(stderr, "inspect_dataset: %s\n", std::string(dataset.status().message()).c_str());
    return 1;
  }
  const lambdabeta::data::Dataset& d = *dataset;
  double mean = 0;
  for (uint8_t p : d.images) mean += p;
  mean = mean * d.pixel_scale / static_cast<double>(d.images.size());
  std::printf("%s: %lld images of %dx%dx%d (%.1f MB), pixel_scale %g, mean intensity %.4f\n",
              d.name.c_str(), static_cast<long long>(d.num_images), d.height, d.width, d.channels,
              d.images.size() / 1e6, d.pixel_scale, mean);
  std::printf("%-18s %8s %14s %14s\n", "factor", "classes", "min value", "max value");
  for (size_t f = 0; f < d.factors.size(); ++f) {
    double low = d.factor_value(0, f), high = low;
    for (int64_t i = 0; i < d.num_images; ++i) {
      low = std::min(low, d.factor_value(i, f));
      high = std::max(high, d.factor_value(i, f));
    }
    std::printf("%-18s %8d %14.6g %14.6g\n", d.factors[f].name.c_str(), d.factors[f].num_classes,
                low, high);
  }
  std::printf("loaded in %.2f s (%.0f MB/s of images)\n", seconds, d.images.size() / 1e6 / seconds);
  return 0;
}
