// The common in-memory form of every image dataset (dSprites, Shapes3D, MPI3D-real and the
// built-in sprites): uint8 images plus, per image, each factor's class index and value.
// Images stay uint8 (MPI3D-real alone is 12.7 GB); they become floats one batch at a time.
#ifndef LAMBDABETA_PIPELINE_DATA_DATASET_H_
#define LAMBDABETA_PIPELINE_DATA_DATASET_H_

#include <cstdint>
#include <string>
#include <vector>

namespace lambdabeta::data {

struct Factor {
  std::string name;  // e.g. "posX"
  int num_classes;   // e.g. 32
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
  std::vector<uint8_t> images;        // num_images x height x width x channels (HWC, C order)
  std::vector<Factor> factors;        // the varying factors only (dSprites' constant colour is dropped)
  std::vector<int32_t> factor_classes;  // num_images x factors.size(), in [0, num_classes)
  std::vector<double> factor_values;    // num_images x factors.size(), the physical value

  int64_t image_bytes() const { return static_cast<int64_t>(height) * width * channels; }
  const uint8_t* image(int64_t i) const { return images.data() + i * image_bytes(); }
  int32_t factor_class(int64_t i, int f) const { return factor_classes[i * factors.size() + f]; }
  double factor_value(int64_t i, int f) const { return factor_values[i * factors.size() + f]; }
};

}  // namespace lambdabeta::data

#endif  // LAMBDABETA_PIPELINE_DATA_DATASET_H_
