// The model and optimizer types, declared for headers that name them by reference or pointer
// only: those headers stay free of LibTorch's nn and optim headers (<torch/optim/adam.h>,
// models/conv_vae/conv_vae.h), which cost each includer seconds of compile time.
#ifndef LAMBDABETA_PIPELINE_TRAIN_MODEL_FWD_H_
#define LAMBDABETA_PIPELINE_TRAIN_MODEL_FWD_H_

namespace torch::optim {
class Adam;
}  // namespace torch::optim

namespace lambdabeta::conv_vae {
class ConvVae;
}  // namespace lambdabeta::conv_vae

#endif  // LAMBDABETA_PIPELINE_TRAIN_MODEL_FWD_H_
