"""The Table-1 conv VAE's training step in plain PyTorch, for //pipeline/train:train_bench.

Benchmark only (never part of the pipeline): train_bench runs it to print PyTorch's steps/s for
the same model, batch, loss and optimiser beside ours. The model is written the way a PyTorch
user writes it (nn.Conv2d / nn.ConvTranspose2d, default memory format, fp32).

Prints one line: `steps_per_s <wall-clock rate> cpu_steps_per_s <rate per CPU second>`.
"""
import argparse
import time

import torch
from torch import nn


def table1(channels, latent_dim, conv_channels, fc_hidden, image_size):
    encoded = image_size // 2 ** len(conv_channels)
    top = conv_channels[-1]
    encoder, decoder = [], []
    width = channels
    for out in conv_channels:
        encoder += [nn.Conv2d(width, out, 4, 2, 1), nn.ReLU()]
        width = out
    encoder += [nn.Flatten(), nn.Linear(top * encoded * encoded, fc_hidden), nn.ReLU(),
                nn.Linear(fc_hidden, 2 * latent_dim)]
    decoder += [nn.Linear(latent_dim, fc_hidden), nn.ReLU(),
                nn.Linear(fc_hidden, top * encoded * encoded), nn.ReLU(),
                nn.Unflatten(1, (top, encoded, encoded))]
    widths = list(reversed(conv_channels[:-1])) + [channels]
    width = top
    for i, out in enumerate(widths):
        decoder.append(nn.ConvTranspose2d(width, out, 4, 2, 1))
        if i + 1 < len(widths):
            decoder.append(nn.ReLU())
        width = out
    return nn.Sequential(*encoder), nn.Sequential(*decoder)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--channels", type=int, default=1)
    parser.add_argument("--latent_dim", type=int, default=10)
    parser.add_argument("--conv_channels", default="32,32,64,64")
    parser.add_argument("--fc_hidden", type=int, default=256)
    parser.add_argument("--image_size", type=int, default=64)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--learning_rate", type=float, default=1e-3)
    parser.add_argument("--beta", type=float, default=4.0)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    conv_channels = [int(c) for c in args.conv_channels.split(",")]
    encoder, decoder = table1(args.channels, args.latent_dim, conv_channels, args.fc_hidden,
                              args.image_size)
    params = list(encoder.parameters()) + list(decoder.parameters())
    optimizer = torch.optim.Adam(params, lr=args.learning_rate)
    size = args.image_size
    images = (torch.rand(16, args.batch, args.channels, size, size) < 0.2).float()
    m = args.latent_dim

    def step(t):
        y = images[t % images.shape[0]]
        h = encoder(y)
        mean, log_var = h[:, :m], h[:, m:]
        x = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)
        logits = decoder(x)
        bce = nn.functional.binary_cross_entropy_with_logits(logits, y, reduction="none")
        kl = 0.5 * (mean.square() + log_var.exp() - log_var - 1.0).sum(1)
        loss = (bce.flatten(1).sum(1) + args.beta * kl).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    for t in range(2):  # warm-up, as train_bench does
        step(t)
    start = time.perf_counter()
    cpu_start = time.process_time()
    timed = 0
    while True:
        step(timed)
        timed += 1
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        if elapsed >= args.seconds and timed >= 2:
            break
    print(f"steps_per_s {timed / elapsed:.4f} cpu_steps_per_s {timed / cpu:.4f}")


if __name__ == "__main__":
    main()
