"""Makes the PyTorch CNN fixture once: a small convolutional network trained briefly with PyTorch on
Fashion-MNIST, its state_dict written as safetensors (batch normalization's running statistics and
num_batches_tracked included), the chainrule network file of the same architecture, 64 test images
and PyTorch's outputs for them, in float32 (what PyTorch predicts) and in float64 (the same weights
computed in double, to tell the mapping's exactness from float32 rounding).

Run with PyTorch 1.13 and numpy:  python3 make_fixture.py /usr/share/datasets/fashion-mnist
The safetensors files are written by hand (the format is an 8-byte little-endian header length,
a JSON header, then the raw little-endian data), the way the reference writer lays it out:
tensors sorted by name, header padded with spaces to a multiple of 8 bytes.
"""
import gzip
import json
import struct
import sys

import numpy as np
import torch


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    nd = struct.unpack(">I", data[:4])[0] & 0xff
    dims = struct.unpack(">" + "I" * nd, data[4:4 + 4 * nd])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


folder = sys.argv[1].rstrip("/") + "/"
torch.manual_seed(16)
torch.set_num_threads(1)
train_pixels = idx(folder + "train-images-idx3-ubyte.gz")[:4096]
train_labels = idx(folder + "train-labels-idx1-ubyte.gz")[:4096]
test_pixels = idx(folder + "t10k-images-idx3-ubyte.gz")[:64]

model = torch.nn.Sequential(
    torch.nn.Conv2d(1, 6, 3, padding=1),                              # 0  [6, 28, 28]
    torch.nn.BatchNorm2d(6),                                          # 1
    torch.nn.ReLU(),                                                  # 2
    torch.nn.MaxPool2d(2),                                            # 3  [6, 14, 14]
    torch.nn.Conv2d(6, 8, 3, stride=2, padding=1),                    # 4  [8, 7, 7]
    torch.nn.ReLU(),                                                  # 5
    torch.nn.Conv2d(8, 8, 3, dilation=2, padding="same", bias=False),  # 6  [8, 7, 7]
    torch.nn.BatchNorm2d(8),                                          # 7
    torch.nn.ReLU(),                                                  # 8
    torch.nn.AvgPool2d(3, stride=2, padding=1),                       # 9  [8, 4, 4] (count_include_pad)
    torch.nn.Flatten(),                                               # 10 [128]
    torch.nn.Linear(128, 32),                                         # 11
    torch.nn.BatchNorm1d(32),                                         # 12
    torch.nn.ReLU(),                                                  # 13
    torch.nn.Dropout(0.2),                                            # 14
    torch.nn.Linear(32, 10))                                          # 15

x = torch.from_numpy(train_pixels.reshape(-1, 1, 28, 28).astype(np.float32)) / 255
y = torch.from_numpy(train_labels.astype(np.int64))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
loss_fn = torch.nn.CrossEntropyLoss()
model.train()
for epoch in range(2):
    for start in range(0, len(x), 64):
        optimizer.zero_grad()
        loss = loss_fn(model(x[start:start + 64]), y[start:start + 64])
        loss.backward()
        optimizer.step()
model.eval()
with torch.no_grad():
    accuracy = (model(x).argmax(dim=1) == y).float().mean().item()
print("training accuracy", accuracy)

DTYPES = {np.dtype("float32"): "F32", np.dtype("float64"): "F64", np.dtype("int64"): "I64", np.dtype("uint8"): "U8"}


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for name in sorted(tensors):
        array = np.array(tensors[name], order="C")  # keeps 0-d tensors 0-d (shape [])
        blob = array.astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": DTYPES[array.dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


write_safetensors("cnn.safetensors", {k: v.numpy() for k, v in model.state_dict().items()}, {"format": "pt"})

with open("network.json", "w") as f:
    f.write('{"input": [1, 28, 28],\n'
            ' "layers": [{"conv2d": 6, "kernel": 3, "padding": 1}, {"batchnorm": {}}, {"activation": "relu"},\n'
            '            {"maxpool2d": 2},\n'
            '            {"conv2d": 8, "kernel": 3, "stride": 2, "padding": 1}, {"activation": "relu"},\n'
            '            {"conv2d": 8, "kernel": 3, "dilation": 2, "padding": "same", "bias": false},\n'
            '            {"batchnorm": {}}, {"activation": "relu"},\n'
            '            {"avgpool2d": 3, "stride": 2, "padding": 1},\n'
            '            {"flatten": true},\n'
            '            {"dense": 32}, {"batchnorm": {}}, {"activation": "relu"}, {"dropout": 0.2},\n'
            '            {"dense": 10}],\n'
            ' "loss": "softmax-ce"}\n')

# test images the network never saw (raw bytes; the input is pixel / 255 in float32), and
# PyTorch's logits and probabilities in float32 and, with the same weights, in float64
images = torch.from_numpy(test_pixels.reshape(-1, 1, 28, 28).astype(np.float32)) / 255
with torch.no_grad():
    logits32 = model(images)
    p32 = torch.softmax(logits32, dim=1)
    model64 = model.double()
    logits64 = model64(images.double())
    p64 = torch.softmax(logits64, dim=1)
write_safetensors("expected.safetensors", {
    "pixels": test_pixels.copy(),
    "logits_f32": logits32.numpy(), "probabilities_f32": p32.numpy(),
    "logits_f64": logits64.numpy(), "probabilities_f64": p64.numpy()}, {"made_by": "make_fixture.py"})
