#!/usr/bin/env python3
"""Exact reference values for the loss tests, computed with mpmath.

    python3 tools/reference.py            writes tests/data/reference.csv
    python3 tools/reference.py --vectors  prints the exact values of the
                                          published test vectors and of the
                                          edge cases that
                                          tests/loss_edge_cases.rs asserts
    python3 tools/reference.py --check    only runs the self-checks

Needs mpmath (`pip install mpmath`); the output does not depend on its version.

How the reference is computed
-----------------------------
Every input is a double, and mpmath reads it exactly (`mpf(float)`), so the
reference is the value of the mathematical function at the very double the
Rust test passes in. Inputs are written with `repr`, which round-trips, and
the Rust test parses the same text.

The working precision is 1600 bits (about 480 decimal digits), far above the
60 digits asked for. The formulas are the textbook ones, written without any
of the rearrangements that `src/loss.rs` uses (no softplus, no one-signed
sums): the extra digits absorb every cancellation. The worst one is `1 - p`
for p = 1e-300 or `log(pt)` for pt = 1 - 1e-304 (|x| = 700), which costs about
305 digits and leaves more than 170. Only FL*, whose argument gamma*x + beta
reaches 14000, is written as log1p(exp(-z)) and sig(-z), so that it stays
exact where 1 + e^-z would need more than 480 digits.

Derivatives are the closed forms below; `self_check()` compares them with
mpmath's numerical differentiation (`mp.diff`, with a step relative to the
input, so p = 1e-300 is fine) on a sample of points before anything is
written, and the script stops if any two disagree beyond 1e-60.

Values are written with 25 significant digits. Rust's `str::parse::<f64>`
rounds them correctly: values below the subnormal range parse as 0 and
values beyond f64::MAX as an infinity, which is the exact value rounded to a
double. Mathematical infinities are written as `inf` / `-inf`.

CSV records (lines starting with `#` are comments):

    C,  x, y, CE, dCE/dx
    F,  x, y, gamma, alpha, FL, dFL/dx          alpha is a number or `none`
    S,  x, y, gamma, beta, FL*, dFL*/dx
    PC, p, y, CE, dCE/dp
    PF, p, y, gamma, alpha, FL, dFL/dp
    PS, p, y, gamma, beta, FL*, dFL*/dp
    T,  x, t, gamma, alpha, value, d/dx, scale  torchvision's sigmoid_focal_loss
                                                element for a soft target t; scale
                                                is the sum of the magnitudes of the
                                                terms of d/dx plus min(p, 1 - p) in
                                                sigma(x) - t (its condition scale)
"""

import math
import os
import random
import sys

import mpmath
from mpmath import mp, mpf

mp.prec = 1600

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, os.pardir, "tests", "data", "reference.csv")

# ------------------------------------------------------------------ the grid

GAMMAS = [0.0, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 7.3, 10.0, 20.0]
ALPHAS = [None, 0.25]
BETAS = [0.0, 1.0]


def logit_grid():
    """About 150 logits in [-700, 700], dense near 0, symmetric."""
    pos = [
        1e-300, 1e-200, 1e-100, 1e-30, 1e-16, 1e-10, 1e-6, 1e-4, 1e-3,
        0.01, 0.03, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 1.0 / 3.0, 0.4, 0.45, 0.5,
        0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0,
        math.log(9.0), 2.5, math.e, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0, 7.0, 8.0,
        9.0, 10.0, 11.0, 12.0, 14.0, 15.0, 17.5, 18.0, 20.0, 25.0, 30.0, 35.0, 36.7, 37.0, 37.5, 40.0, 45.0, 50.0, 60.0,
        75.0, 100.0, 150.0, 200.0, 300.0, 400.0, 500.0, 600.0, 650.0, 690.0,
        700.0,
    ]
    xs = [0.0] + pos + [-v for v in pos]
    return sorted(set(xs))


def prob_grid():
    """Probabilities in (0, 1), including both tails at full resolution."""
    ps = [
        2.0 ** -1074, 1e-310, 1e-300, 1e-200, 1e-100, 1e-30, 1e-17, 1e-10,
        1e-6, 1e-3, 0.01, 0.03, 0.1, 0.2, 0.25, 0.3, 1.0 / 3.0, 0.4, 0.5, 0.6,
        2.0 / 3.0, 0.7, 0.75, 0.8, 0.9, 0.91, 0.97, 0.99, 0.999, 1.0 - 1e-6,
        1.0 - 1e-10, 1.0 - 2.0 ** -40, 1.0 - 1e-15, 1.0 - 2.0 ** -52,
        1.0 - 2.0 ** -53,
    ]
    return sorted(set(ps))


SOFT_XS = [
    -700.0, -100.0, -37.0, -20.0, -5.0, -2.0, -1.0, -0.5, -0.1, -1e-10,
    0.0, 1e-10, 0.1, 0.5, 1.0, 2.0, 5.0, 20.0, 37.0, 100.0, 700.0,
]
SOFT_TS = [0.01, 0.1, 0.25, 0.7, 0.9]
SOFT_GAMMAS = [0.0, 0.5, 1.0, 2.0, 5.0]

# --------------------------------------------------------------- the math


def sig(z):
    return 1 / (1 + mp.exp(-z))


def sign(y):
    return 1 if y == 1 else -1


def alpha_t(alpha, y):
    if alpha is None:
        return mpf(1)
    return mpf(alpha) if y == 1 else 1 - mpf(alpha)


def ce_logit(x, y):
    pt = sig(sign(y) * mpf(x))
    return -mp.log(pt), sign(y) * (pt - 1)


def fl_logit(x, y, g, alpha):
    xt = sign(y) * mpf(x)
    pt = sig(xt)
    miss = sig(-xt)  # 1 - pt, without cancellation
    g = mpf(g)
    w = alpha_t(alpha, y)
    v = -w * miss**g * mp.log(pt)
    # d/dxt: -w (1-pt)^g [g pt (-log pt) + (1 - pt)], times dxt/dx = sign(y).
    d = -sign(y) * w * miss**g * (g * pt * (-mp.log(pt)) + miss)
    return v, d


def fls_logit(x, y, g, beta):
    xt = sign(y) * mpf(x)
    z = mpf(g) * xt + mpf(beta)
    # -log sig(z) = log(1 + e^-z) and sig(z) - 1 = -sig(-z): the same numbers,
    # written so that z beyond 1100 (where 480 digits no longer hold 1 + e^-z)
    # is still exact.
    v = mp.log1p(mp.exp(-z)) / mpf(g)
    d = -sign(y) * sig(-z)
    return v, d


def pt_and_miss(p, y):
    p = mpf(p)
    return (p, 1 - p) if y == 1 else (1 - p, p)


def ce_prob(p, y):
    pt, _ = pt_and_miss(p, y)
    return -mp.log(pt), sign(y) * (-1 / pt)


def fl_prob(p, y, g, alpha):
    pt, miss = pt_and_miss(p, y)
    g = mpf(g)
    w = alpha_t(alpha, y)
    v = -w * miss**g * mp.log(pt)
    # dFL/dpt = w g (1-pt)^(g-1) log pt - w (1-pt)^g / pt; dpt/dp = sign(y).
    if g == 0:
        dpt = -w / pt
    else:
        dpt = w * g * miss ** (g - 1) * mp.log(pt) - w * miss**g / pt
    return v, sign(y) * dpt


def fls_prob(p, y, g, beta):
    pm = mpf(p)
    x = mp.log(pm / (1 - pm))
    v, dx = fls_logit(x, y, g, beta)
    return v, dx / (pm * (1 - pm))


def soft_elem(x, t, g, alpha):
    """torchvision.ops.sigmoid_focal_loss for one element, as written there."""
    x, t, g = mpf(x), mpf(t), mpf(g)
    p = sig(x)
    ce = -(t * mp.log(p) + (1 - t) * mp.log(1 - p))
    p_t = p * t + (1 - p) * (1 - t)
    loss = ce * (1 - p_t) ** g
    if alpha is not None:
        a = mpf(alpha)
        loss = (a * t + (1 - a) * (1 - t)) * loss
    return loss


def soft_elem_grad(x, t, g, alpha):
    x, t, g = mpf(x), mpf(t), mpf(g)
    p = sig(x)
    q = 1 - p
    ce = -(t * mp.log(p) + (1 - t) * mp.log(q))
    miss = t * q + (1 - t) * p
    w = mpf(1) if alpha is None else mpf(alpha) * t + (1 - mpf(alpha)) * (1 - t)
    d_miss = (1 - 2 * t) * p * q
    d_ce = p - t
    t1 = g * miss ** (g - 1) * d_miss * ce if g != 0 else mpf(0)
    t2 = miss**g * d_ce
    # The two terms have opposite signs on one side of the minimum, and
    # d_ce = p - t vanishes at p = t, where one rounding of sigmoid(x) alone
    # moves it by about eps * min(p, 1 - p). The scale adds up those sizes.
    scale = w * (abs(t1) + miss**g * (abs(d_ce) + min(p, q)))
    return w * (t1 + t2), scale


# ------------------------------------------------------------ self-checks


def num_diff(f, x):
    x = mpf(x)
    h = abs(x) * mpf(10) ** -150 if x != 0 else mpf(10) ** -150
    return mp.diff(f, x, h=h)


def agree(a, b, what):
    if a == b:
        return
    rel = abs(a - b) / max(abs(a), abs(b))
    if rel > mpf(10) ** -60:
        raise SystemExit(f"self-check failed for {what}: {a} vs {b} (rel {rel})")


def self_check():
    rng = random.Random(20170807)
    xs = [v for v in logit_grid() if abs(v) <= 100]
    ps = [v for v in prob_grid() if 1e-200 < v < 1 - 1e-10]
    n = 0
    for _ in range(60):
        x = rng.choice(xs)
        y = rng.choice([0, 1])
        g = rng.choice(GAMMAS)
        a = rng.choice(ALPHAS)
        b = rng.choice(BETAS)
        agree(ce_logit(x, y)[1], num_diff(lambda u: ce_logit(u, y)[0], x), ("dCE", x, y))
        agree(fl_logit(x, y, g, a)[1], num_diff(lambda u: fl_logit(u, y, g, a)[0], x), ("dFL", x, y, g, a))
        if g > 0:
            agree(fls_logit(x, y, g, b)[1], num_diff(lambda u: fls_logit(u, y, g, b)[0], x), ("dFL*", x, y, g, b))
        p = rng.choice(ps)
        agree(ce_prob(p, y)[1], num_diff(lambda u: ce_prob(u, y)[0], p), ("dCE/dp", p, y))
        agree(fl_prob(p, y, g, a)[1], num_diff(lambda u: fl_prob(u, y, g, a)[0], p), ("dFL/dp", p, y, g, a))
        if g > 0:
            agree(fls_prob(p, y, g, b)[1], num_diff(lambda u: fls_prob(u, y, g, b)[0], p), ("dFL*/dp", p, y, g, b))
        t = rng.choice(SOFT_TS)
        sx = rng.choice([v for v in SOFT_XS if abs(v) <= 100])
        sg = rng.choice(SOFT_GAMMAS)
        agree(soft_elem_grad(sx, t, sg, a)[0], num_diff(lambda u: soft_elem(u, t, sg, a), sx), ("dsoft", sx, t, sg, a))
        n += 1
    # Closed forms against the naive definitions at a few points.
    for x in [-3.0, 0.5, 20.0]:
        for y in (0, 1):
            agree(fl_logit(x, y, 0.0, None)[0], ce_logit(x, y)[0], "FL(g=0) = CE")
            agree(fls_logit(x, y, 1.0, 0.0)[0], ce_logit(x, y)[0], "FL*(g=1, b=0) = CE")
            t = 1.0 if y == 1 else 0.0
            agree(soft_elem(x, t, 2.0, 0.25), fl_logit(x, y, 2.0, 0.25)[0], "soft t in {0,1} = FL")
    print(f"self-check: {n} random points, closed-form derivatives agree with mp.diff", file=sys.stderr)


# ------------------------------------------------------------------ output


def num(v):
    """A reference value as text that Rust parses to the correctly rounded double."""
    if mp.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    return mpmath.nstr(v, 25, min_fixed=1, max_fixed=0)


def inp(v):
    return "none" if v is None else repr(float(v))


def write_csv(path):
    xs = logit_grid()
    ps = prob_grid()
    lines = [
        "# Generated by tools/reference.py with mpmath at 1600 bits; do not edit.",
        "# Inputs are exact doubles (Python repr); values have 25 significant digits.",
        "# C,x,y,CE,dCE/dx | F,x,y,gamma,alpha,FL,dFL/dx | S,x,y,gamma,beta,FL*,dFL*/dx",
        "# PC,p,y,CE,dCE/dp | PF,p,y,gamma,alpha,FL,dFL/dp | PS,p,y,gamma,beta,FL*,dFL*/dp",
        "# T,x,t,gamma,alpha,value,d/dx,scale (torchvision element, soft target t)",
    ]
    for x in xs:
        for y in (0, 1):
            v, d = ce_logit(x, y)
            lines.append(f"C,{inp(x)},{y},{num(v)},{num(d)}")
            for g in GAMMAS:
                for a in ALPHAS:
                    v, d = fl_logit(x, y, g, a)
                    lines.append(f"F,{inp(x)},{y},{inp(g)},{inp(a)},{num(v)},{num(d)}")
                if g > 0:
                    for b in BETAS:
                        v, d = fls_logit(x, y, g, b)
                        lines.append(f"S,{inp(x)},{y},{inp(g)},{inp(b)},{num(v)},{num(d)}")
    for p in ps:
        for y in (0, 1):
            v, d = ce_prob(p, y)
            lines.append(f"PC,{inp(p)},{y},{num(v)},{num(d)}")
            for g in GAMMAS:
                for a in ALPHAS:
                    v, d = fl_prob(p, y, g, a)
                    lines.append(f"PF,{inp(p)},{y},{inp(g)},{inp(a)},{num(v)},{num(d)}")
                if g > 0:
                    for b in BETAS:
                        v, d = fls_prob(p, y, g, b)
                        lines.append(f"PS,{inp(p)},{y},{inp(g)},{inp(b)},{num(v)},{num(d)}")
    for x in SOFT_XS:
        for t in SOFT_TS:
            for g in SOFT_GAMMAS:
                for a in ALPHAS:
                    v = soft_elem(x, t, g, a)
                    d, s = soft_elem_grad(x, t, g, a)
                    lines.append(f"T,{inp(x)},{inp(t)},{inp(g)},{inp(a)},{num(v)},{num(d)},{num(s)}")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} lines to {os.path.relpath(path)}", file=sys.stderr)


# -------------------------------------------------------- published vectors


def f32(v):
    """The float32 nearest to v, as an exact double (what Keras computes on)."""
    import struct

    return struct.unpack("f", struct.pack("f", v))[0]


def mean(vs):
    return sum(vs) / len(vs)


def print_vectors():
    mp50 = 50

    def show(label, vals):
        txt = ", ".join(mpmath.nstr(v, mp50) for v in vals)
        print(f"{label}: [{txt}]")

    print("# Exact values (50 digits) at the f64 inputs written in the tests.")
    print("# Lines marked f32 use the float32-rounded inputs that Keras computes on.")

    # Lin et al.: FL/CE = (1 - pt)^2 with gamma = 2.
    for pt in (0.9, 1.0 - 1.0 / math.sqrt(1000.0)):
        ratio = fl_prob(pt, 1, 2.0, None)[0] / ce_prob(pt, 1)[0]
        show(f"ratio FL/CE at p = {pt!r}, y = 1, gamma 2", [ratio])

    # Keras BinaryFocalCrossentropyTest.test_unweighted (probabilities), gamma = 2.
    yt = [1, 0, 1, 0]
    yp = [0.9, 0.8, 0.7, 0.2]
    for tag, conv in (("f64", float), ("f32", f32)):
        el = [fl_prob(conv(p), y, 2.0, None)[0] for p, y in zip(yp, yt)]
        show(f"keras test_unweighted elements {tag}", el)
        show(f"keras test_unweighted row means {tag}", [mean(el[:2]), mean(el[2:])])
        show(f"keras test_unweighted mean {tag}", [mean(el)])

    # Keras BinaryFocalCrossentropyTest.test_unweighted (logits), gamma = 3.
    yt = [1, 1, 0, 0, 1, 0]
    xs = [1.5, -2.7, 2.9, -3.8, 1.2, -4.5]
    for tag, conv in (("f64", float), ("f32", f32)):
        el = [fl_logit(conv(x), y, 3.0, None)[0] for x, y in zip(xs, yt)]
        show(f"keras test_unweighted logits elements {tag}", el)
        show(f"keras test_unweighted logits row means {tag}", [mean(el[:3]), mean(el[3:])])
        show(f"keras test_unweighted logits mean {tag}", [mean(el)])

    # Keras binary_focal_crossentropy docstring, gamma = 2, probabilities.
    yt = [0, 1, 0, 0]
    yp = [0.6, 0.4, 0.4, 0.6]
    for tag, conv in (("f64", float), ("f32", f32)):
        el = [fl_prob(conv(p), y, 2.0, None)[0] for p, y in zip(yp, yt)]
        show(f"keras docstring probs row means {tag}", [mean(el[:2]), mean(el[2:])])

    # Keras BinaryFocalCrossentropy docstring, logits.
    yt = [0, 1, 0, 0]
    xs = [-18.6, 0.51, 2.94, -12.8]
    for g in (2.0, 3.0):
        for a in (None, 0.25):
            for tag, conv in (("f64", float), ("f32", f32)):
                el = [fl_logit(conv(x), y, g, a)[0] for x, y in zip(xs, yt)]
                show(f"keras docstring logits gamma {g} alpha {a} elements {tag}", el)
                show(f"keras docstring logits gamma {g} alpha {a} mean {tag}", [mean(el)])
                show(f"keras docstring logits gamma {g} alpha {a} row means {tag}", [mean(el[:2]), mean(el[2:])])
        # Keras clips p to [1e-7, 1 - 1e-7] inside its cross-entropy: say
        # which elements that touches (their share of the mean is < 1e-20).
        clipped = [i for i, x in enumerate(xs) if not 1e-7 <= sig(mpf(x)) <= 1 - 1e-7]
        print(f"  (gamma {g}: elements clipped by Keras: {clipped})")

    # tensorflow-addons SigmoidFocalCrossEntropy docstring: alpha 0.25, gamma 2.
    yt = [1, 1, 0]
    yp = [0.97, 0.91, 0.03]
    for tag, conv in (("f64", float), ("f32", f32)):
        el = [fl_prob(conv(p), y, 2.0, 0.25)[0] for p, y in zip(yp, yt)]
        show(f"tfa docstring elements {tag}", el)


def print_edge_values():
    """Exact values for the named edge cases of tests/loss_edge_cases.rs."""

    def show(label, v):
        print(f"{label}: {mpmath.nstr(v, 50)}")

    print("# Edge cases (50 digits).")
    # torchvision's float arithmetic gives 1 - sigmoid(x) = 0 beyond x ~ 37.
    for x in (30.0, 37.0, 38.0, 40.0, 100.0):
        show(f"FL(x = {x}, y = 1, gamma 2)", fl_logit(x, 1, 2.0, None)[0])
        show(f"dFL/dx(x = {x}, y = 1, gamma 2)", fl_logit(x, 1, 2.0, None)[1])
    # gamma < 1 near pt = 1: the gradient that autograd turns into NaN.
    for g in (0.25, 0.5):
        for x in (20.0, 40.0, 100.0, 700.0):
            show(f"dFL/dx(x = {x}, y = 1, gamma {g})", fl_logit(x, 1, g, None)[1])
        p = 1.0 - 2.0**-53
        show(f"dFL/dp(p = 1 - 2^-53, y = 1, gamma {g})", fl_prob(p, 1, g, None)[1])
        show(f"dFL/dp(p = 2^-53, y = 0, gamma {g})", fl_prob(2.0**-53, 0, g, None)[1])
    # The modulating factor where sigmoid(-x) itself is subnormal or 0.
    for x in (720.0, 800.0, 1400.0):
        xt = mpf(x)
        show(f"(1 - pt)^0.5 at x = {x}, y = 1", sig(-xt) ** mpf(0.5))
    # FL* near the end of the double range and in its far tail.
    show("FL*(x = 1e308, y = 0, gamma 20, beta 1)", fls_logit(1e308, 0, 20.0, 1.0)[0])
    show("FL*(x = 7090, y = 1, gamma 0.1, beta 0)", fls_logit(7090.0, 1, 0.1, 0.0)[0])
    # FL* of a probability at the tails (gamma 2, beta 1).
    for p in (1e-300, 1.0 - 2.0**-53):
        for y in (0, 1):
            v, d = fls_prob(p, y, 2.0, 1.0)
            show(f"FL*(p = {p!r}, y = {y}, gamma 2, beta 1)", v)
            show(f"dFL*/dp(p = {p!r}, y = {y}, gamma 2, beta 1)", d)


def main():
    args = sys.argv[1:]
    self_check()
    if "--check" in args:
        return
    if "--vectors" in args:
        print_vectors()
        print_edge_values()
        return
    write_csv(OUT)


if __name__ == "__main__":
    main()
