"""Golden values for pipeline/metrics tests from the reference stack (numpy + scikit-learn).

Not part of the build: run by hand with Debian's python3-numpy and python3-sklearn
  /usr/bin/python3 pipeline/metrics/reference/make_golden.py
and paste the printed constants into reference_golden.h. It computes the metrics the way the
disentanglement literature's reference implementation does (DEFINITIONS.md), written out here
with numpy/sklearn calls, on a deterministic data set that reference_golden.h rebuilds with the
same formulas (plain libm sin/cos, so both sides see bit-identical inputs).
"""
import math

import numpy as np
import sklearn
from sklearn import metrics, svm

NUM_FIT, NUM_TEST = 600, 300


def factors(n):
    return [n % 3, (n // 7) % 5, (n * 13 + n // 11) % 4]


def codes(n):
    y0, y1, y2 = factors(n)
    return [y0 + 0.4 * math.sin(1.7 * n),
            0.5 * y1 - 0.3 * math.cos(0.9 * n) + 0.2 * y0,
            math.sin(0.37 * n),
            0.2 * y2 + 0.5 * math.sin(2.3 * n + 1.0)]


def sample(first, count):
    z = np.array([codes(n) for n in range(first, first + count)]).T  # latents x N
    y = np.array([factors(n) for n in range(first, first + count)]).T  # factors x N
    return z, y


def discretize(z, bins=20):
    return np.stack([np.digitize(row, np.histogram(row, bins)[1][:-1]) for row in z])


def fmt(values):
    return ", ".join(repr(float(v)) for v in np.ravel(values))


def main():
    print("// numpy", np.__version__, "scikit-learn", sklearn.__version__)
    z, y = sample(0, NUM_FIT)
    zt, yt = sample(NUM_FIT, NUM_TEST)
    d = discretize(z)
    print("bin counts (latent-major, labels 1..20):",
          ", ".join(str(int((d[i] == b).sum())) for i in range(len(z)) for b in range(1, 21)))
    mi = np.array([[metrics.mutual_info_score(y[j], d[i]) for j in range(len(y))]
                   for i in range(len(z))])
    h = np.array([metrics.mutual_info_score(y[j], y[j]) for j in range(len(y))])
    s = np.sort(mi, axis=0)[::-1]
    print("mi (row-major latents x factors):", fmt(mi))
    print("entropy:", fmt(h))
    print("mig:", repr(float(np.mean((s[0] - s[1]) / h))))

    acc = np.zeros((len(z), len(y)))
    for i in range(len(z)):
        for j in range(len(y)):
            clf = svm.LinearSVC(C=0.01, class_weight="balanced", dual=True, random_state=0)
            clf.fit(z[i][:, None], y[j])
            acc[i, j] = np.mean(clf.predict(zt[i][:, None]) == yt[j])
    a = np.sort(acc, axis=0)
    print("sap accuracies:", fmt(acc))
    print("sap discrete:", repr(float(np.mean(a[-1] - a[-2]))))

    cont = np.zeros((len(z), len(y)))
    for i in range(len(z)):
        for j in range(len(y)):
            c = np.cov(z[i], y[j], ddof=1)
            cont[i, j] = c[0, 1] ** 2 / (c[0, 0] * c[1, 1]) if c[0, 0] > 1e-12 else 0.0
    c = np.sort(cont, axis=0)
    print("sap continuous scores:", fmt(cont))
    print("sap continuous:", repr(float(np.mean(c[-1] - c[-2]))))

    for lo, hi in [(0.1, 0.7), (-3.3, 1e-3), (2.5, 2.5), (-1e-9, 7.0 / 3.0)]:
        print(f"edges({lo!r}, {hi!r}):", ", ".join(float(e).hex() for e in np.histogram([lo, hi], 20)[1]))


if __name__ == "__main__":
    main()
