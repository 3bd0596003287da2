#include "pipeline/data/datasets.h"

#include <cmath>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/io/files.h"
#include "common/io/process_maps.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/data/h5_writer.h"
#include "pipeline/data/npz.h"
#include "pipeline/data/test_files.h"

namespace lambdabeta::data {
namespace {

using ::testing::HasSubstr;

// Every combination of classes in C order (last fastest), by counting like an odometer: an
// enumeration independent of the loaders' division-based one.
std::vector<std::vector<int>> OdometerRows(const std::vector<int>& sizes) {
  std::vector<std::vector<int>> rows;
  std::vector<int> digits(sizes.size(), 0);
  while (true) {
    rows.push_back(digits);
    int f = static_cast<int>(sizes.size()) - 1;
    while (f >= 0 && ++digits[f] == sizes[f]) digits[f--] = 0;
    if (f < 0) return rows;
  }
}

std::vector<Factor> Factors(const std::vector<int>& sizes) {
  std::vector<Factor> factors;
  for (size_t f = 0; f < sizes.size(); ++f) factors.push_back({absl::StrCat("f", f), sizes[f]});
  return factors;
}

std::vector<uint8_t> RandomPixels(size_t size, int levels, unsigned seed) {
  std::mt19937 random(seed);
  std::vector<uint8_t> pixels(size);
  for (uint8_t& p : pixels) p = static_cast<uint8_t>(random() % levels);
  return pixels;
}

void ExpectError(const absl::StatusOr<Dataset>& loaded, absl::StatusCode code,
                 const std::vector<std::string>& fragments) {
  ExpectStatus(loaded.status(), code, fragments);
}

const LoadOptions kQuiet = {"", false};

std::vector<uint8_t> Bytes(const ImageStore& images) { return {images.begin(), images.end()}; }

// --- dSprites layout (dSprites and the built-in sprites), in miniature.

const std::vector<int> kSpriteSizes = {2, 3, 2, 2, 2};  // 48 images

struct DspritesFile {
  std::vector<uint8_t> imgs;
  std::vector<int64_t> classes;  // (N, 6), colour first
  std::vector<double> values;    // (N, 6)
  int64_t n = 0;

  DspritesFile() {
    const std::vector<std::vector<int>> rows = OdometerRows(kSpriteSizes);
    n = static_cast<int64_t>(rows.size());
    imgs = RandomPixels(n * 64 * 64, 2, 1);
    for (const std::vector<int>& row : rows) {
      classes.push_back(0);
      values.push_back(1.0);
      for (size_t f = 0; f < row.size(); ++f) {
        classes.push_back(row[f]);
        values.push_back(0.25 * row[f] + 10.0 * f);
      }
    }
  }

  std::string Write(const std::string& name, bool with_values = true,
                    ZipCompression imgs_compression = ZipCompression::kDeflate) const {
    NpzWriter writer;
    EXPECT_TRUE(writer.AddArray("imgs", DType::kUint8, {n, 64, 64}, imgs, imgs_compression).ok());
    EXPECT_TRUE(
        writer.AddArray("latents_classes", DType::kInt64, {n, 6}, classes, ZipCompression::kStore)
            .ok());
    if (with_values) {
      EXPECT_TRUE(
          writer
              .AddArray("latents_values", DType::kFloat64, {n, 6}, values, ZipCompression::kDeflate)
              .ok());
    }
    const std::string path = TestFilePath(name);
    EXPECT_TRUE(writer.Write(path).ok());
    return path;
  }
};

const DatasetLayout kSpriteLayout = {"tiny_sprites", FileFormat::kDspritesNpz,
                                     Factors(kSpriteSizes)};

TEST(DspritesLayoutTest, LoadsImagesClassesAndValuesWithoutTheColour) {
  const DspritesFile file;
  absl::StatusOr<Dataset> loaded =
      LoadDatasetWithLayout(kSpriteLayout, file.Write("sprites.npz"), kQuiet);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->name, "tiny_sprites");
  EXPECT_EQ(loaded->num_images, 48);
  EXPECT_EQ(loaded->channels, 1);
  EXPECT_EQ(loaded->pixel_scale, 1.0f);
  ASSERT_EQ(loaded->factors.size(), 5u);
  EXPECT_EQ(loaded->factors[2].name, "f2");
  EXPECT_EQ(Bytes(loaded->images), file.imgs);
  const std::vector<std::vector<int>> rows = OdometerRows(kSpriteSizes);
  for (int64_t i = 0; i < loaded->num_images; ++i) {
    for (int f = 0; f < 5; ++f) {
      ASSERT_EQ(loaded->factor_class(i, f), rows[i][f]) << i << " " << f;
      ASSERT_EQ(loaded->factor_value(i, f), 0.25 * rows[i][f] + 10.0 * f);
    }
  }
}

TEST(DspritesLayoutTest, ChecksTheSha256BeforeParsing) {
  const std::string path = DspritesFile().Write("sha.npz");
  const std::string digest = *FileSha256Hex(path);
  EXPECT_TRUE(LoadDatasetWithLayout(kSpriteLayout, path, {digest, false}).ok());
  const std::string wrong(64, '0');
  ExpectError(LoadDatasetWithLayout(kSpriteLayout, path, {wrong, false}),
              absl::StatusCode::kDataLoss, {path, "SHA-256 is " + digest, "expected " + wrong});
  ExpectError(LoadDatasetWithLayout(kSpriteLayout, TestFilePath("absent.npz"), {wrong, false}),
              absl::StatusCode::kNotFound, {TestFilePath("absent.npz")});
}

TEST(DspritesLayoutTest, RejectsANonConstantColour) {
  DspritesFile file;
  file.classes[6 * 7] = 1;
  const std::string path = file.Write("colour.npz");
  ExpectError(LoadDatasetWithLayout(kSpriteLayout, path, kQuiet),
              absl::StatusCode::kInvalidArgument, {path, "image 7 has colour class 1"});
}

TEST(DspritesLayoutTest, RejectsRowsOutOfCOrder) {
  DspritesFile file;
  std::swap(file.classes[6 * 0 + 5], file.classes[6 * 1 + 5]);  // posY of images 0 and 1
  const std::string path = file.Write("order.npz");
  ExpectError(LoadDatasetWithLayout(kSpriteLayout, path, kQuiet),
              absl::StatusCode::kInvalidArgument,
              {path, "latents_classes", "image 0 has f4 class 1", "C order"});
}

TEST(DspritesLayoutTest, RejectsClassesOutOfRange) {
  DspritesFile file;
  file.classes[6 * 3 + 2] = -4;
  const std::string path = file.Write("range.npz");
  ExpectError(LoadDatasetWithLayout(kSpriteLayout, path, kQuiet),
              absl::StatusCode::kInvalidArgument,
              {path, "image 3 has f1 class -4, outside [0, 3)"});
}

TEST(DspritesLayoutTest, RejectsNonBinaryMasks) {
  DspritesFile file;
  file.imgs[5000] = 255;
  const std::string path = file.Write("pixels.npz");
  ExpectError(LoadDatasetWithLayout(kSpriteLayout, path, kQuiet),
              absl::StatusCode::kInvalidArgument, {path, "pixel 5000 is 255", "0 or 1"});
}

TEST(DspritesLayoutTest, RejectsAMissingArray) {
  const std::string path = DspritesFile().Write("no_values.npz", /*with_values=*/false);
  ExpectError(LoadDatasetWithLayout(kSpriteLayout, path, kQuiet), absl::StatusCode::kNotFound,
              {path, "no array 'latents_values'"});
}

TEST(DspritesLayoutTest, RejectsTheWrongNumberOfImages) {
  const std::string path = DspritesFile().Write("count.npz");
  DatasetLayout bigger = kSpriteLayout;
  bigger.factors[0].num_classes = 3;
  ExpectError(LoadDatasetWithLayout(bigger, path, kQuiet), absl::StatusCode::kInvalidArgument,
              {path, "array 'imgs'", "shape is (48, 64, 64), expected (72, 64, 64)"});
}

TEST(DspritesLayoutTest, RejectsTheWrongDtype) {
  const DspritesFile file;
  NpzWriter writer;
  ASSERT_TRUE(
      writer.AddArray("imgs", DType::kUint8, {file.n, 64, 64}, file.imgs, ZipCompression::kStore)
          .ok());
  ASSERT_TRUE(writer
                  .AddArray("latents_classes", DType::kFloat64, {file.n, 6}, file.values,
                            ZipCompression::kStore)
                  .ok());
  const std::string path = TestFilePath("dtype.npz");
  ASSERT_TRUE(writer.Write(path).ok());
  ExpectError(LoadDatasetWithLayout(kSpriteLayout, path, kQuiet),
              absl::StatusCode::kInvalidArgument,
              {path, "array 'latents_classes'", "element type is '<f8', expected int64"});
}

// --- Shapes3D layout, in miniature.

const std::vector<int> kShapesSizes = {2, 2, 2, 3, 2, 3};  // 144 images

struct Shapes3dFile {
  std::vector<uint8_t> images;
  std::vector<double> labels;
  int64_t n = 0;

  // Factor f's class k has value base_f + k * step_f, plus noise far below 1e-6, as floats
  // computed in different ways would carry.
  Shapes3dFile() {
    const std::vector<std::vector<int>> rows = OdometerRows(kShapesSizes);
    n = static_cast<int64_t>(rows.size());
    images = RandomPixels(n * 64 * 64 * 3, 256, 2);
    std::mt19937 random(3);
    std::uniform_real_distribution<double> noise(-1e-9, 1e-9);
    const std::vector<double> base = {0.0, 0.0, 0.0, 0.75, 0.0, -30.0};
    const std::vector<double> step = {0.1, 0.1, 0.1, 0.0714285714285714, 1.0, 4.285714285714286};
    for (const std::vector<int>& row : rows) {
      for (size_t f = 0; f < row.size(); ++f)
        labels.push_back(base[f] + row[f] * step[f] + noise(random));
    }
  }

  // chunk_rows > 0: images chunked and deflated, as in the published file.
  std::string Write(const std::string& name, int64_t chunk_rows = 0) const {
    const std::string path = TestFilePath(name);
    EXPECT_TRUE(
        WriteH5(path, {{"images", DType::kUint8, {n, 64, 64, 3}, AsBytes(images), chunk_rows},
                       {"labels", DType::kFloat64, {n, 6}, AsBytes(labels)}})
            .ok());
    return path;
  }
};

const DatasetLayout kShapesLayout = {"tiny_shapes", FileFormat::kShapes3dH5, Factors(kShapesSizes)};

TEST(Shapes3dLayoutTest, ClassesAreTheRanksOfTheRoundedValues) {
  const Shapes3dFile file;
  absl::StatusOr<Dataset> loaded =
      LoadDatasetWithLayout(kShapesLayout, file.Write("shapes.h5"), kQuiet);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->num_images, 144);
  EXPECT_EQ(loaded->channels, 3);
  EXPECT_FLOAT_EQ(loaded->pixel_scale, 1.0f / 255.0f);
  EXPECT_EQ(Bytes(loaded->images), file.images);
  EXPECT_EQ(loaded->factor_values, file.labels);  // the values as stored
  const std::vector<std::vector<int>> rows = OdometerRows(kShapesSizes);
  for (int64_t i = 0; i < loaded->num_images; ++i) {
    for (int f = 0; f < 6; ++f) ASSERT_EQ(loaded->factor_class(i, f), rows[i][f]) << i << " " << f;
  }
}

TEST(Shapes3dLayoutTest, RejectsAFactorWithTheWrongNumberOfValues) {
  Shapes3dFile file;
  file.labels[6 * 10 + 3] += 0.01;  // a scale value that is none of the 3
  const std::string path = file.Write("count.h5");
  ExpectError(LoadDatasetWithLayout(kShapesLayout, path, kQuiet),
              absl::StatusCode::kInvalidArgument,
              {path, "factor f3 has 4 distinct values (to 6 decimals), expected 3"});
}

TEST(Shapes3dLayoutTest, RejectsRowsOutOfCOrder) {
  Shapes3dFile file;
  for (int f = 0; f < 6; ++f) std::swap(file.labels[6 * 0 + f], file.labels[6 * 143 + f]);
  const std::string path = file.Write("order.h5");
  ExpectError(LoadDatasetWithLayout(kShapesLayout, path, kQuiet),
              absl::StatusCode::kInvalidArgument, {path, "dataset 'labels'", "image 0", "C order"});
}

TEST(Shapes3dLayoutTest, RejectsNonFiniteValues) {
  Shapes3dFile file;
  file.labels[6 * 4 + 1] = std::nan("");
  const std::string path = file.Write("nan.h5");
  ExpectError(LoadDatasetWithLayout(kShapesLayout, path, kQuiet),
              absl::StatusCode::kInvalidArgument, {path, "image 4 has f1 value nan"});
}

TEST(Shapes3dLayoutTest, RejectsBadFiles) {
  const Shapes3dFile file;
  // Labels stored as integers.
  std::vector<int64_t> int_labels(file.labels.size(), 0);
  std::string path = TestFilePath("int_labels.h5");
  ASSERT_TRUE(WriteH5(path, {{"images", DType::kUint8, {file.n, 64, 64, 3}, AsBytes(file.images)},
                             {"labels", DType::kInt64, {file.n, 6}, AsBytes(int_labels)}})
                  .ok());
  ExpectError(LoadDatasetWithLayout(kShapesLayout, path, kQuiet),
              absl::StatusCode::kInvalidArgument,
              {path, "dataset 'labels'", "element type is int64, expected float64"});
  // No labels at all.
  path = TestFilePath("no_labels.h5");
  ASSERT_TRUE(
      WriteH5(path, {{"images", DType::kUint8, {file.n, 64, 64, 3}, AsBytes(file.images)}}).ok());
  ExpectError(LoadDatasetWithLayout(kShapesLayout, path, kQuiet), absl::StatusCode::kNotFound,
              {path, "no dataset 'labels'"});
  // Grey images.
  path = TestFilePath("grey.h5");
  const std::vector<uint8_t> grey(file.n * 64 * 64);
  ASSERT_TRUE(WriteH5(path, {{"images", DType::kUint8, {file.n, 64, 64}, AsBytes(grey)}}).ok());
  ExpectError(LoadDatasetWithLayout(kShapesLayout, path, kQuiet),
              absl::StatusCode::kInvalidArgument,
              {path, "dataset 'images'", "shape is (144, 64, 64), expected (144, 64, 64, 3)"});
  // An npz where an HDF5 file belongs.
  path = DspritesFile().Write("really_npz.h5");
  ExpectError(LoadDatasetWithLayout(kShapesLayout, path, kQuiet), absl::StatusCode::kDataLoss,
              {path, "not an HDF5 file"});
}

// --- MPI3D layout, in miniature.

const std::vector<int> kMpiSizes = {2, 3, 1, 2};  // 12 images
const DatasetLayout kMpiLayout = {"tiny_mpi3d", FileFormat::kMpi3dNpz, Factors(kMpiSizes)};

// The bytes of a tiny MPI3D-layout archive holding `images`, stored or deflated.
std::string Mpi3dArchive(const std::vector<uint8_t>& images, ZipCompression compression) {
  NpzWriter writer;
  EXPECT_TRUE(writer.AddArray("images", DType::kUint8, {12, 64, 64, 3}, images, compression).ok());
  absl::StatusOr<std::string> archive = writer.Archive();
  EXPECT_TRUE(archive.ok()) << archive.status();
  return archive.ok() ? *archive : "";
}

std::string WriteTestFile(const std::string& name, const std::string& bytes) {
  const std::string path = TestFilePath(name);
  EXPECT_TRUE(WriteFileAtomically(path, bytes).ok());
  return path;
}

TEST(Mpi3dLayoutTest, FactorsFollowFromTheCOrderPosition) {
  const int64_t n = 12;
  const std::vector<uint8_t> images = RandomPixels(n * 64 * 64 * 3, 256, 4);
  const std::string path = WriteTestFile("mpi3d.npz", Mpi3dArchive(images, ZipCompression::kStore));
  absl::StatusOr<Dataset> loaded = LoadDatasetWithLayout(kMpiLayout, path, kQuiet);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->channels, 3);
  EXPECT_FLOAT_EQ(loaded->pixel_scale, 1.0f / 255.0f);
  EXPECT_EQ(Bytes(loaded->images), images);
  const std::vector<std::vector<int>> rows = OdometerRows(kMpiSizes);
  for (int64_t i = 0; i < n; ++i) {
    for (int f = 0; f < 4; ++f) {
      EXPECT_EQ(loaded->factor_class(i, f), rows[i][f]);
      EXPECT_EQ(loaded->factor_value(i, f), rows[i][f]);
    }
  }

  DatasetLayout wrong = kMpiLayout;
  wrong.factors[2].num_classes = 2;
  ExpectError(LoadDatasetWithLayout(wrong, path, kQuiet), absl::StatusCode::kInvalidArgument,
              {path, "array 'images'", "shape is (12, 64, 64, 3), expected (24, 64, 64, 3)"});
}

// --- Images mapped in place or read: the same dataset either way.

void ExpectSameDataset(const Dataset& a, const Dataset& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.num_images, b.num_images);
  EXPECT_EQ(a.height, b.height);
  EXPECT_EQ(a.width, b.width);
  EXPECT_EQ(a.channels, b.channels);
  EXPECT_EQ(a.pixel_scale, b.pixel_scale);
  EXPECT_EQ(Bytes(a.images), Bytes(b.images));
  ASSERT_EQ(a.factors.size(), b.factors.size());
  for (size_t f = 0; f < a.factors.size(); ++f) {
    EXPECT_EQ(a.factors[f].name, b.factors[f].name);
    EXPECT_EQ(a.factors[f].num_classes, b.factors[f].num_classes);
  }
  EXPECT_EQ(a.factor_classes, b.factor_classes);
  EXPECT_EQ(a.factor_values, b.factor_values);
}

// Loads `path` with and without mapping; expects the same dataset, mapped iff `mappable`.
void ExpectMappedIff(bool mappable, const DatasetLayout& layout, const std::string& path,
                     const std::vector<uint8_t>& images) {
  LoadOptions read_options = kQuiet;
  read_options.map_images = false;
  absl::StatusOr<Dataset> read = LoadDatasetWithLayout(layout, path, read_options);
  absl::StatusOr<Dataset> mapped = LoadDatasetWithLayout(layout, path, kQuiet);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_TRUE(mapped.ok()) << mapped.status();
  EXPECT_FALSE(read->images.mapped()) << path;
  EXPECT_EQ(mapped->images.mapped(), mappable) << path;
  EXPECT_EQ(Bytes(read->images), images) << path;
  ExpectSameDataset(*mapped, *read);
}

TEST(MappedImagesTest, StoredOrContiguousImagesMapAndOthersAreRead) {
  const DspritesFile sprites;
  ExpectMappedIff(true, kSpriteLayout,
                  sprites.Write("stored_sprites.npz", true, ZipCompression::kStore), sprites.imgs);
  ExpectMappedIff(false, kSpriteLayout, sprites.Write("deflated_sprites.npz"), sprites.imgs);

  const Shapes3dFile shapes;
  ExpectMappedIff(true, kShapesLayout, shapes.Write("contiguous_shapes.h5"), shapes.images);
  ExpectMappedIff(false, kShapesLayout, shapes.Write("chunked_shapes.h5", /*chunk_rows=*/5),
                  shapes.images);

  const std::vector<uint8_t> images = RandomPixels(12 * 64 * 64 * 3, 256, 5);
  for (ZipCompression compression : {ZipCompression::kStore, ZipCompression::kDeflate}) {
    ExpectMappedIff(compression == ZipCompression::kStore, kMpiLayout,
                    WriteTestFile("mpi3d_map.npz", Mpi3dArchive(images, compression)), images);
  }
}

TEST(MappedImagesTest, TheMapLivesAsLongAsAnyCopyOfTheDataset) {
  const std::vector<uint8_t> images = RandomPixels(12 * 64 * 64 * 3, 256, 6);
  const std::string path =
      WriteTestFile("mpi3d_lifetime.npz", Mpi3dArchive(images, ZipCompression::kStore));
  absl::StatusOr<Dataset> loaded = LoadDatasetWithLayout(kMpiLayout, path, kQuiet);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  std::optional<Dataset> original = *std::move(loaded);
  ASSERT_TRUE(original->images.mapped());
  // The loader's readers are closed; the map is what holds the file now.
  EXPECT_EQ(MappingsOf(path), 1);
  EXPECT_THAT(VmFlagsOf(path), HasSubstr(" rr")) << "images are read at random: no read-ahead";
  std::optional<Dataset> copy = original;
  EXPECT_EQ(MappingsOf(path), 1) << "a copy shares the map";
  original.reset();
  EXPECT_EQ(MappingsOf(path), 1);
  EXPECT_EQ(Bytes(copy->images), images);
  EXPECT_EQ(std::vector<uint8_t>(copy->image(11), copy->image(11) + copy->image_bytes()),
            std::vector<uint8_t>(images.end() - copy->image_bytes(), images.end()));
  copy.reset();
  EXPECT_EQ(MappingsOf(path), 0) << "unmapped once the last copy is gone";
}

TEST(MappedImagesTest, VerifyChecksumReadsTheMappedMemberOnce) {
  const std::vector<uint8_t> images = RandomPixels(12 * 64 * 64 * 3, 256, 7);
  std::string archive = Mpi3dArchive(images, ZipCompression::kStore);
  LoadOptions verify = kQuiet;
  verify.verify_checksum = true;
  const std::string good = WriteTestFile("mpi3d_good.npz", archive);
  absl::StatusOr<Dataset> loaded = LoadDatasetWithLayout(kMpiLayout, good, verify);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(loaded->images.mapped());
  EXPECT_EQ(Bytes(loaded->images), images);

  // One byte of the last image flipped: found by the checksum only.
  const size_t at = archive.rfind(std::string(images.end() - 64, images.end()));
  ASSERT_NE(at, std::string::npos);
  archive[at + 10] ^= 0x01;
  const std::string bad = WriteTestFile("mpi3d_bad.npz", archive);
  EXPECT_TRUE(LoadDatasetWithLayout(kMpiLayout, bad, kQuiet).ok());
  ExpectError(LoadDatasetWithLayout(kMpiLayout, bad, verify), absl::StatusCode::kDataLoss,
              {bad, "array 'images'", "CRC"});
}

// --- The published layouts.

TEST(LayoutTest, MatchTheDatasetsAsPublished) {
  const std::vector<std::pair<::lambdabeta::Dataset, int64_t>> counts = {
      {BUILTIN_SPRITES, 46080}, {DSPRITES, 737280}, {SHAPES3D, 480000}, {MPI3D_REAL, 1036800}};
  for (const auto& [kind, images] : counts) {
    absl::StatusOr<DatasetLayout> layout = LayoutOf(kind);
    ASSERT_TRUE(layout.ok());
    int64_t product = 1;
    for (const Factor& factor : layout->factors) product *= factor.num_classes;
    EXPECT_EQ(product, images) << layout->name;
  }
  EXPECT_EQ(LayoutOf(DSPRITES)->factors[3].name, "posX");
  EXPECT_EQ(LayoutOf(SHAPES3D)->factors[5].name, "orientation");
  EXPECT_EQ(LayoutOf(MPI3D_REAL)->factors[6].name, "vertical_axis");
  EXPECT_FALSE(LayoutOf(DATASET_UNSPECIFIED).ok());
  EXPECT_EQ((*FindDataset(SHAPES3D))->file, "3dshapes.h5");
}

TEST(LayoutTest, LoadDatasetUsesThePublishedLayout) {
  const std::string path = DspritesFile().Write("not_dsprites.npz");
  ExpectError(LoadDataset(DSPRITES, path, kQuiet), absl::StatusCode::kInvalidArgument,
              {path, "shape is (48, 64, 64), expected (737280, 64, 64)"});
  ExpectError(LoadDataset(BUILTIN_SPRITES, path, kQuiet), absl::StatusCode::kInvalidArgument,
              {path, "expected (46080, 64, 64)"});
  ExpectError(LoadDataset(MPI3D_REAL, path, kQuiet), absl::StatusCode::kNotFound,
              {path, "no array 'images'"});
  ExpectError(LoadDataset(DATASET_UNSPECIFIED, path, kQuiet), absl::StatusCode::kInvalidArgument,
              {path, "DATASET_UNSPECIFIED"});
}

// Every Dataset of the configs' enum has exactly one row, and the rows are distinct.
TEST(DatasetInfoTest, EveryEnumValueHasOneRow) {
  const google::protobuf::EnumDescriptor* kinds = ::lambdabeta::Dataset_descriptor();
  for (int i = 0; i < kinds->value_count(); ++i) {
    const auto kind = static_cast<::lambdabeta::Dataset>(kinds->value(i)->number());
    int rows = 0;
    for (const DatasetInfo& info : AllDatasets()) rows += info.kind == kind;
    EXPECT_EQ(rows, kind == DATASET_UNSPECIFIED ? 0 : 1) << kinds->value(i)->name();
  }
  std::set<std::string> names, labels, files;
  for (const DatasetInfo& info : AllDatasets()) {
    EXPECT_TRUE(names.insert(info.layout.name).second) << info.layout.name;
    EXPECT_TRUE(labels.insert(info.label).second) << info.label;
    EXPECT_TRUE(files.insert(info.file).second) << info.file;
    EXPECT_EQ(info.layout.name, absl::AsciiStrToLower(::lambdabeta::Dataset_Name(info.kind)));
  }
  EXPECT_EQ(DatasetLabel(SHAPES3D), "Shapes3D");
  EXPECT_EQ(DatasetLabel(DATASET_UNSPECIFIED), "DATASET_UNSPECIFIED");
  EXPECT_FALSE(FindDataset(DATASET_UNSPECIFIED).ok());
}

}  // namespace
}  // namespace lambdabeta::data
