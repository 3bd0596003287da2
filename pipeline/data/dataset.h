// The common in-memory form of every image dataset (dSprites, Shapes3D, MPI3D-real and the
// built-in sprites): uint8 images plus, per image, each factor's class index and value.
// Images stay uint8 (MPI3D-real alone is 12.7 GB); they become floats one batch at a time.
#ifndef LAMBDABETA_PIPELINE_DATA_DATASET_H_
#define LAMBDABETA_PIPELINE_DATA_DATASET_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/io/mapped_region.h"

namespace lambdabeta::data {

struct Factor {
  std::string name;  // e.g. "posX"
  int num_classes;   // e.g. 32
};

// The bytes of a dataset's images, read-only: either memory of its own, or a read-only map of
// the region of the dataset's file that holds them (see MappedRegion), which every process
// reading that file shares through the page cache and which reads from disk only the pages
// that are touched. Consumers see the same bytes either way.
//
// Ownership is shared: copies of an ImageStore (and so of a Dataset) are cheap and refer to
// the same bytes, which live (and stay mapped) until the last copy is destroyed. Nothing can
// change the bytes after construction, so sharing them is safe.
class ImageStore {
 public:
  ImageStore() = default;  // no images

  static ImageStore Owned(std::vector<uint8_t> bytes) {
    auto owner = std::make_shared<const std::vector<uint8_t>>(std::move(bytes));
    return ImageStore(owner, owner->data(), static_cast<int64_t>(owner->size()));
  }
  static ImageStore Mapped(std::shared_ptr<const MappedRegion> region) {
    ImageStore store(region, region->data(), region->size());
    store.region_ = region.get();
    return store;
  }

  const uint8_t* data() const { return data_; }
  int64_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Whether the bytes are a map of the dataset's file rather than memory of their own.
  bool mapped() const { return region_ != nullptr; }
  // Mapped images are read from disk as they are touched, by default page by page (a consumer
  // such as an evaluation touches a few scattered images). A consumer that will touch all or
  // most of them, in any order (a training run), calls this first: its touches then read the
  // file in big pieces (MappedRegion::Access::kAll). Owned bytes are in memory already.
  void WillReadAll() const {
    if (region_ != nullptr) region_->Advise(MappedRegion::Access::kAll);
  }

  const uint8_t* begin() const { return data_; }
  const uint8_t* end() const { return data_ + size_; }
  uint8_t operator[](int64_t k) const { return data_[k]; }

 private:
  ImageStore(std::shared_ptr<const void> owner, const uint8_t* data, int64_t size)
      : owner_(std::move(owner)), data_(data), size_(size) {}

  std::shared_ptr<const void> owner_;  // keeps data_ alive: the vector, or the map
  const uint8_t* data_ = nullptr;
  int64_t size_ = 0;
  const MappedRegion* region_ = nullptr;  // the map, if mapped (owned by owner_)
};

struct Dataset {
  std::string name;
  int64_t num_images = 0;
  int height = 64;
  int width = 64;
  int channels = 1;
  // Pixel intensity in [0, 1] is images[k] * pixel_scale: 1 for dSprites' 0/1 masks,
  // 1/255 for RGB datasets.
  float pixel_scale = 1.0f;
  ImageStore images;            // num_images x height x width x channels (HWC, C order)
  std::vector<Factor> factors;  // the varying factors only (dSprites' constant colour is dropped)
  std::vector<int32_t> factor_classes;  // num_images x factors.size(), in [0, num_classes)
  std::vector<double> factor_values;    // num_images x factors.size(), the physical value

  int64_t image_bytes() const { return static_cast<int64_t>(height) * width * channels; }
  const uint8_t* image(int64_t i) const { return images.data() + i * image_bytes(); }
  int32_t factor_class(int64_t i, int f) const { return factor_classes[i * factors.size() + f]; }
  double factor_value(int64_t i, int f) const { return factor_values[i * factors.size() + f]; }
};

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_DATASET_H_
