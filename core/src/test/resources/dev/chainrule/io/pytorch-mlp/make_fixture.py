"""Makes the PyTorch fixture once: a small MLP trained with PyTorch, its state_dict written as
safetensors, the chainrule network file of the same architecture, inputs, and PyTorch's outputs.

Run with PyTorch 1.13 and numpy:  python3 make_fixture.py
The safetensors file is written by hand (the format is an 8-byte little-endian header length,
a JSON header, then the raw little-endian data), the way the reference writer lays it out:
tensors sorted by name, header padded with spaces to a multiple of 8 bytes.
"""
import json
import struct

import numpy as np
import torch

torch.manual_seed(16)
np.random.seed(16)

# three classes from a nonlinear rule on six features
n = 600
x = np.random.randn(n, 6).astype(np.float32)
score = np.stack([x[:, 0] * x[:, 1], np.sin(2 * x[:, 2]) + x[:, 3], x[:, 4] ** 2 - x[:, 5]], axis=1)
y = score.argmax(axis=1)

model = torch.nn.Sequential(
    torch.nn.Linear(6, 16), torch.nn.ReLU(),
    torch.nn.Linear(16, 8), torch.nn.Tanh(),
    torch.nn.Linear(8, 8), torch.nn.LeakyReLU(0.1),
    torch.nn.Linear(8, 3))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = torch.nn.CrossEntropyLoss()
xt = torch.from_numpy(x)
yt = torch.from_numpy(y)
for epoch in range(60):
    for start in range(0, n, 32):
        optimizer.zero_grad()
        loss = loss_fn(model(xt[start:start + 32]), yt[start:start + 32])
        loss.backward()
        optimizer.step()
model.eval()
with torch.no_grad():
    accuracy = (model(xt).argmax(dim=1) == yt).float().mean().item()
print("training accuracy", accuracy)


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name].detach().numpy().astype("<f4"))
        blob = array.tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


write_safetensors("mlp.safetensors", model.state_dict(), {"format": "pt"})

with open("network.json", "w") as f:
    f.write('{"input": 6,\n'
            ' "layers": [{"dense": 16}, {"activation": "relu"},\n'
            '            {"dense": 8}, {"activation": "tanh"},\n'
            '            {"dense": 8}, {"activation": "leaky_relu", "slope": 0.1},\n'
            '            {"dense": 3}],\n'
            ' "loss": "softmax-ce"}\n')

# inputs the network never saw, and PyTorch's logits and softmax probabilities for them
inputs = np.random.randn(64, 6).astype(np.float32)
with torch.no_grad():
    logits = model(torch.from_numpy(inputs))
    probabilities = torch.softmax(logits, dim=1)


def row(values):
    return ",".join(repr(float(v)) for v in values)


with open("inputs.csv", "w") as f:
    f.write("x1,x2,x3,x4,x5,x6\n")
    for r in inputs:
        f.write(row(r) + "\n")
with open("expected.csv", "w") as f:
    f.write("logit_0,logit_1,logit_2,p_0,p_1,p_2\n")
    for l, p in zip(logits.numpy(), probabilities.numpy()):
        f.write(row(l) + "," + row(p) + "\n")
