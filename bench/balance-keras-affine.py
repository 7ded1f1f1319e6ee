"""Writes test/fixtures/keras-affine.json: reference outputs of Keras's affine augmentation.

Keras 3's legacy `apply_affine_transform` (keras/src/legacy/preprocessing/image.py) builds
rotation . shift . shear . zoom about the centre (size / 2 - 0.5), swaps the matrix to numpy's
(row, col) order and resamples every channel with scipy.ndimage.affine_transform (order 1).
This script redoes that with numpy and scipy only (no TensorFlow here), on a small square photo,
so src/image/augment.test.ts can compare src/image/affine.ts with it.
Run: python3 bench/balance-keras-affine.py   (numpy + scipy)
"""
import json
import numpy as np
from scipy import ndimage

SIZE = 12
rng = np.random.RandomState(7)
image = rng.randint(0, 256, size=(SIZE, SIZE, 3)).astype(np.float64)

def keras_matrix(theta, tx, ty, shear, zx, zy, size):
    m = np.eye(3)
    if theta:
        t = np.deg2rad(theta)
        m = m @ np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])
    if tx or ty:
        m = m @ np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
    if shear:
        s = np.deg2rad(shear)
        m = m @ np.array([[1, -np.sin(s), 0], [0, np.cos(s), 0], [0, 0, 1]])
    if zx != 1 or zy != 1:
        m = m @ np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
    o = size / 2 - 0.5
    return np.array([[1, 0, o], [0, 1, o], [0, 0, 1]]) @ m @ np.array([[1, 0, -o], [0, 1, -o], [0, 0, 1]])

def keras_apply(img, theta=0, tx=0, ty=0, shear=0, zx=1, zy=1, fill_mode="nearest", cval=0.0):
    m = keras_matrix(theta, tx, ty, shear, zx, zy, img.shape[0])
    m[:, [0, 1]] = m[:, [1, 0]]  # to (row, col) order, as Keras does for channels-last photos
    m[[0, 1]] = m[[1, 0]]
    # Keras documents 'wrap' as abcd|abcd|abcd: scipy >= 1.6 calls that 'grid-wrap'.
    mode = "grid-wrap" if fill_mode == "wrap" else fill_mode
    return np.stack([ndimage.affine_transform(img[:, :, c], m[:2, :2], m[:2, 2], order=1, mode=mode, cval=cval) for c in range(3)], axis=-1)

CASES = [
    dict(theta=90),
    dict(theta=17.5, fill_mode="constant", cval=30),
    dict(tx=2.5, ty=-1.25, fill_mode="reflect"),
    dict(tx=-3, ty=2, fill_mode="wrap"),
    dict(shear=12, fill_mode="nearest"),
    dict(zx=0.8, zy=1.3, fill_mode="reflect"),
    dict(theta=-25, tx=1.5, ty=0.5, shear=-8, zx=1.1, zy=0.9, fill_mode="nearest"),
    dict(theta=40, tx=-2, shear=15, zx=0.7, zy=0.7, fill_mode="constant", cval=0),
]

out = {
    "generated": "by bench/balance-keras-affine.py; do not edit",
    "size": SIZE,
    "image": image.astype(np.uint8).flatten().tolist(),
    "cases": [dict(params=c, output=np.round(keras_apply(image, **c), 4).flatten().tolist()) for c in CASES],
}
with open("test/fixtures/keras-affine.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
