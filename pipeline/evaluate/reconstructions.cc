#include "pipeline/evaluate/reconstructions.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "common/io/files.h"
#include "common/status/status_macros.h"

namespace lambdabeta::evaluate {
namespace {

constexpr absl::string_view kMagic = "# lambdabeta reconstructions v1";
constexpr absl::string_view kFieldsPrefix = "# dataset=";
constexpr uint32_t kPackedLimit = 1u << 24;

uint32_t Channel(double intensity) {
  return static_cast<uint32_t>(std::lround(std::clamp(intensity, 0.0, 1.0) * 255.0));
}

void AppendBlock(const PackedImage& image, int height, int width, std::string& text) {
  for (int r = 0; r < height; ++r) {
    for (int c = 0; c < width; ++c) {
      absl::StrAppend(&text, c ? "\t" : "", image[static_cast<size_t>(r) * width + c]);
    }
    text += '\n';
  }
}

}  // namespace

uint32_t PackRgb(double red, double green, double blue) {
  return (Channel(red) << 16) | (Channel(green) << 8) | Channel(blue);
}

absl::Status WriteReconstructions(const std::string& path, const ReconstructionSet& set) {
  const size_t pixels = static_cast<size_t>(set.height) * set.width;
  if (set.height < 1 || set.width < 1 || set.originals.empty() ||
      set.originals.size() != set.reconstructions.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path,
                     ": need a positive image size and as many reconstructions as "
                     "originals (got ",
                     set.originals.size(), " and ", set.reconstructions.size(), ")"));
  }
  std::string text = absl::StrCat(
      kMagic, "\n", kFieldsPrefix, Dataset_Name(set.dataset),
      absl::StrFormat(" beta=%.17g lambda=%.17g", set.beta, set.lambda), " seed=", set.seed,
      " images=", set.originals.size(), " height=", set.height, " width=", set.width,
      " channels=", set.channels, "\n",
      "# The first evaluation images and their reconstructions (decoder mean of the decoded\n"
      "# encoder mean) as gnuplot matrix blocks separated by two blank lines: block 2i is\n"
      "# original i, block 2i+1 its reconstruction. One tab-separated line per pixel row, top\n"
      "# row first; each value is 24-bit RGB packed as 65536 R + 256 G + B (R, G, B in 0..255).\n");
  for (size_t i = 0; i < set.originals.size(); ++i) {
    for (const PackedImage* image : {&set.originals[i], &set.reconstructions[i]}) {
      if (image->size() != pixels) {
        return absl::InvalidArgumentError(absl::StrCat(path, ": image ", i, " has ", image->size(),
                                                       " pixels, not ", set.height, " x ",
                                                       set.width));
      }
      if (image != &set.originals[0]) text += "\n\n";  // gnuplot's block separator
      AppendBlock(*image, set.height, set.width, text);
    }
  }
  return WriteFileAtomically(path, text);
}

absl::StatusOr<ReconstructionSet> ReadReconstructions(const std::string& path) {
  ASSIGN_OR_RETURN(std::string contents, ReadFile(path));
  const std::vector<absl::string_view> lines = absl::StrSplit(contents, '\n');
  auto error = [&path](size_t line, const std::string& what) {
    return absl::InvalidArgumentError(absl::StrCat(path, ":", line + 1, ": ", what));
  };
  if (lines.empty() || lines[0] != kMagic) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a reconstruction file (its first line is not '", kMagic, "')"));
  }
  if (lines.size() < 2 || !absl::StartsWith(lines[1], kFieldsPrefix)) {
    return error(1, "expected the fields line '# dataset=... beta=... lambda=... seed=... ...'");
  }
  std::map<std::string, std::string> fields;
  for (absl::string_view pair : absl::StrSplit(absl::StripPrefix(lines[1], "# "), ' ')) {
    std::vector<std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
    if (kv.size() != 2) return error(1, absl::StrCat("'", pair, "' is not key=value"));
    fields[kv[0]] = kv[1];
  }
  ReconstructionSet set;
  int64_t images = 0;
  uint64_t seed = 0;
  if (!Dataset_Parse(fields["dataset"], &set.dataset) || set.dataset == DATASET_UNSPECIFIED ||
      !absl::SimpleAtod(fields["beta"], &set.beta) ||
      !absl::SimpleAtod(fields["lambda"], &set.lambda) ||
      !absl::SimpleAtoi(fields["seed"], &seed) || !absl::SimpleAtoi(fields["images"], &images) ||
      !absl::SimpleAtoi(fields["height"], &set.height) ||
      !absl::SimpleAtoi(fields["width"], &set.width) ||
      !absl::SimpleAtoi(fields["channels"], &set.channels) || images < 1 || set.height < 1 ||
      set.width < 1) {
    return error(1,
                 "missing or bad field among dataset, beta, lambda, seed, images (>= 1), "
                 "height, width, channels");
  }
  set.seed = seed;

  // Blocks: runs of data lines; comments and blank lines separate them.
  std::vector<PackedImage> blocks;
  PackedImage current;
  int rows = 0;
  auto close_block = [&](size_t line) -> absl::Status {
    if (rows == 0) return absl::OkStatus();
    if (rows != set.height) {
      return error(line, absl::StrCat("image block has ", rows, " rows, not ", set.height));
    }
    blocks.push_back(std::move(current));
    current.clear();
    rows = 0;
    return absl::OkStatus();
  };
  for (size_t i = 2; i < lines.size(); ++i) {
    const absl::string_view line = absl::StripTrailingAsciiWhitespace(lines[i]);
    if (line.empty() || absl::StartsWith(line, "#")) {
      RETURN_IF_ERROR(close_block(i));
      continue;
    }
    const std::vector<absl::string_view> cells = absl::StrSplit(line, '\t');
    if (static_cast<int>(cells.size()) != set.width) {
      return error(i, absl::StrCat(cells.size(), " values, not ", set.width));
    }
    for (absl::string_view cell : cells) {
      uint32_t value;
      if (!absl::SimpleAtoi(cell, &value) || value >= kPackedLimit) {
        return error(i, absl::StrCat("'", cell, "' is not a packed RGB value (0..16777215)"));
      }
      current.push_back(value);
    }
    if (++rows > set.height)
      return error(i, absl::StrCat("image block exceeds ", set.height, " rows"));
  }
  RETURN_IF_ERROR(close_block(lines.size()));
  if (static_cast<int64_t>(blocks.size()) != 2 * images) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", blocks.size(), " image blocks, expected 2 x ", images));
  }
  for (size_t b = 0; b < blocks.size(); ++b) {
    (b % 2 == 0 ? set.originals : set.reconstructions).push_back(std::move(blocks[b]));
  }
  return set;
}

}  // namespace lambdabeta::evaluate
