// Loads a dataset file through LoadDataset and prints what it holds, how long loading took and
// how much memory it took: a check of a downloaded file, and the loader's benchmark.
//   bazel run -c opt //pipeline/data:inspect_dataset -- --dataset=SHAPES3D --path=3dshapes.h5
// Memory is the process's resident set from /proc/self/status: anonymous (its own) and
// file-backed (mapped file pages, shared with every process mapping the file), and the peak;
// disk reads are /proc/self/io's read_bytes.
// --sample=N reads N random images, as an evaluation does, instead of every image.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/io/exit_code.h"
#include "pipeline/data/dataset_info.h"
#include "pipeline/data/datasets.h"

ABSL_FLAG(std::string, dataset, "BUILTIN_SPRITES",
          "a dataset of pipeline/data/registry.bzl by its Dataset enum name");
ABSL_FLAG(std::string, path, "", "The dataset's file.");
ABSL_FLAG(std::string, sha256, "", "If set, the SHA-256 the file must have.");
ABSL_FLAG(bool, map, true, "Map images stored as plain bytes instead of reading them.");
ABSL_FLAG(bool, verify, false, "Check the CRC-32 of mapped npz images (reads them once).");
ABSL_FLAG(bool, will_read_all, false,
          "Before reading the images, tell a mapped dataset all will be read (as training does).");
ABSL_FLAG(int64_t, sample, 0,
          "If positive, read this many random images (as an evaluation does) instead of all.");

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The value of each "name: value [kB]" line of a /proc/self file, from its first number.
std::map<std::string, int64_t> ProcValues(const std::string& path) {
  std::map<std::string, int64_t> values;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    const std::vector<std::string> words =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    int64_t value = 0;
    if (words.size() >= 2 && absl::SimpleAtoi(words[1], &value)) values[words[0]] = value;
  }
  return values;
}

// This process's resident memory (its own, anonymous pages, and mapped file pages, which are
// shared with every process mapping the file) and what it has read from disk so far (pages
// already in the page cache are not read again).
std::string ResourceText() {
  std::map<std::string, int64_t> status = ProcValues("/proc/self/status");
  std::map<std::string, int64_t> io = ProcValues("/proc/self/io");
  const auto mb = [](int64_t kb) { return std::to_string((kb + 512) / 1024); };
  return "resident: own " + mb(status["RssAnon:"]) + " MB, mapped file " + mb(status["RssFile:"]) +
         " MB, peak " + mb(status["VmHWM:"]) + " MB; read from disk " +
         mb(io["read_bytes:"] / 1024) + " MB";
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const absl::StatusOr<lambdabeta::Dataset> kind =
      lambdabeta::data::ParseDataset(absl::GetFlag(FLAGS_dataset));
  if (!kind.ok()) {
    std::fprintf(stderr, "inspect_dataset: --dataset: %s\n",
                 std::string(kind.status().message()).c_str());
    return 2;
  }
  lambdabeta::data::LoadOptions options;
  options.expected_sha256 = absl::GetFlag(FLAGS_sha256);
  options.map_images = absl::GetFlag(FLAGS_map);
  options.verify_checksum = absl::GetFlag(FLAGS_verify);
  const auto start = Clock::now();
  absl::StatusOr<lambdabeta::data::Dataset> dataset =
      lambdabeta::data::LoadDataset(*kind, absl::GetFlag(FLAGS_path), options);
  const double load_seconds = SecondsSince(start);
  if (!dataset.ok()) return lambdabeta::ExitCode("inspect_dataset", dataset.status());
  const lambdabeta::data::Dataset& d = *dataset;
  std::printf("%s: %lld images of %dx%dx%d (%.1f MB, %s), pixel_scale %g\n", d.name.c_str(),
              static_cast<long long>(d.num_images), d.height, d.width, d.channels,
              d.images.size() / 1e6,
              d.images.mapped() ? "mapped from the file" : "read into memory", d.pixel_scale);
  std::printf("loaded in %.2f s (%.0f MB/s of images); %s\n", load_seconds,
              d.images.size() / 1e6 / load_seconds, ResourceText().c_str());

  // Touch the images: all of them, or a random sample of whole images.
  const int64_t sample = std::min(absl::GetFlag(FLAGS_sample), d.num_images);
  std::vector<int64_t> indices;
  if (sample > 0) {
    std::mt19937_64 random(1);
    std::uniform_int_distribution<int64_t> pick(0, d.num_images - 1);
    for (int64_t s = 0; s < sample; ++s) indices.push_back(pick(random));
  }
  const auto read_start = Clock::now();
  if (absl::GetFlag(FLAGS_will_read_all)) d.images.WillReadAll();
  uint64_t sum = 0;
  int64_t pixels = 0;
  if (sample > 0) {
    for (int64_t i : indices) {
      const uint8_t* image = d.image(i);
      for (int64_t p = 0; p < d.image_bytes(); ++p) sum += image[p];
      pixels += d.image_bytes();
    }
  } else {
    for (uint8_t p : d.images) sum += p;
    pixels = d.images.size();
  }
  const double read_seconds = SecondsSince(read_start);
  std::printf(
      "mean intensity of %s: %.4f, read in %.2f s; %s\n",
      sample > 0 ? (std::to_string(sample) + " random images").c_str() : "all images",
      static_cast<double>(sum) * d.pixel_scale / static_cast<double>(std::max<int64_t>(pixels, 1)),
      read_seconds, ResourceText().c_str());

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
  return 0;
}
