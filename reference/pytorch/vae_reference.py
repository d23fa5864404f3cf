#!/usr/bin/python3
"""PyTorch reference for tf-vae's benchmarks, written for this project from the public description of
the VAE in pytorch/examples (MLP 784-400-20-400-784, ReLU, Bernoulli likelihood as binary cross-entropy
summed over pixels, analytic KL to N(0, I), Adam lr 1e-3, batch 128) and a convolutional counterpart with
the shape of tf-vae's default conv VAE (3x3 stride-2 convolutions with 32 and 64 filters, latent 20, the
mirror-image decoder ending in a 3x3 convolution).

Each mode prints one JSON object on stdout:
  train       --arch mlp|conv --epochs N   samples/s per epoch and the test figures (--limit N: train on
                                           the first N training images only)
  latency     --calls N                    single-example encode (mu) latency, median and p99 in us
  reconstruct --batch 256 --seconds S      reconstruct throughput in samples/s
  sgemm       --size N --seconds S         the best rate of an N x N float32 matrix product, GFLOP/s
  probe                                    torch's version and the BLAS it loaded (reads no data; it
                                           reports a reference BLAS instead of refusing it)

Run it with Debian's python3-torch; its BLAS must be OpenBLAS (package libopenblas0-pthread), not the
reference BLAS, for a fair comparison (the script refuses otherwise). --threads sets torch's intra-op
threads. Reads Fashion-MNIST's IDX files (gzipped or not) from --data.
"""

import argparse
import ctypes
import gzip
import json
import os
import struct
import sys
import time

try:
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError as e:
    sys.stderr.write(f"PyTorch is not installed for {sys.executable} ({e}): apt-get install -y python3-torch"
                     " libopenblas0-pthread\n")
    sys.exit(3)


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return torch.frombuffer(bytearray(data[4 + 4 * ndim:]), dtype=torch.uint8).reshape(dims)


def find(data_dir, stem):
    for name in (stem, stem + ".gz"):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            return path
    raise SystemExit(f"{data_dir}: no {stem}[.gz]")


def load(data_dir, split):
    images = read_idx(find(data_dir, f"{split}-images-idx3-ubyte"))
    return images.to(torch.float32).div_(255.0).reshape(-1, 784)


class MlpVae(nn.Module):
    def __init__(self, hidden=400, latent=20):
        super().__init__()
        self.fc1 = nn.Linear(784, hidden)
        self.mean = nn.Linear(hidden, latent)
        self.log_variance = nn.Linear(hidden, latent)
        self.fc3 = nn.Linear(latent, hidden)
        self.fc4 = nn.Linear(hidden, 784)

    def encode(self, x):
        h = F.relu(self.fc1(x))
        return self.mean(h), self.log_variance(h)

    def decode_logits(self, z):
        return self.fc4(F.relu(self.fc3(z)))


class ConvVae(nn.Module):
    def __init__(self, latent=20):
        super().__init__()
        self.conv0 = nn.Conv2d(1, 32, 3, stride=2, padding=1)
        self.conv1 = nn.Conv2d(32, 64, 3, stride=2, padding=1)
        self.mean = nn.Linear(7 * 7 * 64, latent)
        self.log_variance = nn.Linear(7 * 7 * 64, latent)
        self.dense = nn.Linear(latent, 7 * 7 * 64)
        self.deconv1 = nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1)
        self.deconv0 = nn.ConvTranspose2d(32, 32, 3, stride=2, padding=1, output_padding=1)
        self.logits = nn.Conv2d(32, 1, 3, padding=1)

    def encode(self, x):
        h = F.relu(self.conv0(x.reshape(-1, 1, 28, 28)))
        h = F.relu(self.conv1(h)).flatten(1)
        return self.mean(h), self.log_variance(h)

    def decode_logits(self, z):
        h = F.relu(self.dense(z)).reshape(-1, 64, 7, 7)
        h = F.relu(self.deconv1(h))
        h = F.relu(self.deconv0(h))
        return self.logits(h).reshape(-1, 784)


def losses(model, x, sample=True):
    mean, log_variance = model.encode(x)
    z = mean + torch.randn_like(mean) * torch.exp(0.5 * log_variance) if sample else mean
    recon = F.binary_cross_entropy_with_logits(model.decode_logits(z), x, reduction="none").sum(1)
    kl = 0.5 * (mean.pow(2) + log_variance.exp() - log_variance - 1).sum(1)
    return recon, kl


def train(args, model):
    train_x = load(args.data, "train")
    if args.limit > 0:
        train_x = train_x[:args.limit].clone()
    test_x = load(args.data, "t10k")
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    torch.manual_seed(args.seed)
    epochs = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(train_x.shape[0])
        total = 0.0
        for i in range(0, train_x.shape[0], 128):
            x = train_x[order[i:i + 128]]
            recon, kl = losses(model, x)
            loss = (recon + kl).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * x.shape[0]
        seconds = time.perf_counter() - start
        epochs.append({"epoch": epoch, "loss": total / train_x.shape[0],
                       "samples_per_s": train_x.shape[0] / seconds})
    model.eval()
    with torch.no_grad():
        recon, kl = losses(model, test_x)
        recon_mu, kl_mu = losses(model, test_x, sample=False)
    return {"arch": args.arch, "threads": torch.get_num_threads(), "examples": train_x.shape[0], "epochs": epochs,
            "test_neg_elbo": float((recon + kl).mean()), "test_neg_elbo_mu": float((recon_mu + kl_mu).mean())}


def latency(args, model):
    x = load(args.data, "t10k")[:1].clone()
    model.eval()
    times = []
    with torch.inference_mode():
        for _ in range(1000):
            model.encode(x)
        for _ in range(args.calls):
            t0 = time.perf_counter_ns()
            model.encode(x)[0].numpy()
            times.append(time.perf_counter_ns() - t0)
    times.sort()
    return {"arch": args.arch, "threads": torch.get_num_threads(), "calls": args.calls,
            "encode_latency_us_p50": times[len(times) // 2] / 1000,
            "encode_latency_us_p99": times[min(len(times) - 1, int(len(times) * 0.99))] / 1000}


def reconstruct(args, model):
    x = load(args.data, "t10k")[:args.batch].clone()
    model.eval()
    with torch.inference_mode():
        for _ in range(20):
            torch.sigmoid(model.decode_logits(model.encode(x)[0]))
        done = 0
        start = time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            torch.sigmoid(model.decode_logits(model.encode(x)[0])).numpy()
            done += args.batch
        seconds = time.perf_counter() - start
    return {"arch": args.arch, "threads": torch.get_num_threads(), "batch": args.batch,
            "reconstruct_samples_per_s": done / seconds}


def sgemm(args, model):
    n = args.size
    a = torch.rand(n, n)
    b = torch.rand(n, n)
    c = torch.empty(n, n)
    torch.mm(a, b, out=c)
    best = 0.0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        t0 = time.perf_counter()
        torch.mm(a, b, out=c)
        best = max(best, 2.0 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return {"threads": torch.get_num_threads(), "size": n, "sgemm_gflops": best}


def loaded_blas():
    """The BLAS library this process loaded (after a matrix product), as a real path, and OpenBLAS's
    own description of itself when it is OpenBLAS."""
    a = torch.ones(64, 64)
    torch.mm(a, a)
    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps if "/libblas" in line or "/libopenblas" in line})
    blas = os.path.realpath(libs[0]) if libs else os.path.realpath("/etc/alternatives/libblas.so.3-x86_64-linux-gnu")
    config = ""
    for lib in libs:
        try:
            get_config = getattr(ctypes.CDLL(lib), "openblas_get_config")
            get_config.restype = ctypes.c_char_p
            config = get_config().decode()
            break
        except (OSError, AttributeError):
            continue
    return blas, config


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["train", "latency", "reconstruct", "sgemm", "probe"])
    parser.add_argument("--arch", choices=["mlp", "conv"], default="mlp")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--size", type=int, default=2048)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    blas, config = loaded_blas()
    if "openblas" not in blas and args.mode != "probe":
        raise SystemExit(f"the BLAS is {blas}, not OpenBLAS: install libopenblas0-pthread for a fair comparison")
    torch.manual_seed(args.seed)
    model = MlpVae() if args.arch == "mlp" else ConvVae()
    modes = {"train": train, "latency": latency, "reconstruct": reconstruct, "sgemm": sgemm,
             "probe": lambda args, model: {"threads": torch.get_num_threads()}}
    result = modes[args.mode](args, model)
    result["torch"] = torch.__version__
    result["python"] = sys.version.split()[0]
    result["blas"] = blas
    result["openblas_config"] = config
    result["openblas_coretype"] = os.environ.get("OPENBLAS_CORETYPE", "")
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
