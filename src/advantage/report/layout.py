"""Positions for drawing the activity space: a backbone of proximity links and a spring layout.

The activity space (Hidalgo et al. 2007, *The product space conditions the development of
nations*) is drawn from a proximity matrix: the maximum spanning tree keeps every activity
connected through its strongest links, and the strongest remaining links are added on top.
Positions come from a seeded Fruchterman-Reingold spring layout written with NumPy, so the
same matrix and seed always give the same picture.

This is presentation only: it decides where dots go, not what they mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advantage._checks import AdvantageError

__all__ = ["NetworkLayout", "backbone_edges", "maximum_spanning_tree", "network_layout",
           "spring_layout"]


@dataclass(frozen=True)
class NetworkLayout:
    """Node positions and the edges to draw.

    Attributes
    ----------
    xy : numpy.ndarray
        (n, 2) positions, scaled into [-1, 1].
    edges : numpy.ndarray
        (m, 2) integer node pairs ``i < j``.
    weights : numpy.ndarray
        (m,) proximity of each edge.
    """

    xy: np.ndarray
    edges: np.ndarray
    weights: np.ndarray


def maximum_spanning_tree(weights: np.ndarray) -> np.ndarray:
    """Edges of a maximum spanning forest of a dense symmetric weight matrix.

    Computed with :func:`scipy.sparse.csgraph.minimum_spanning_tree` on the weights turned
    into costs :math:`c_{ij} = m + 1 - w_{ij}` (:math:`m` the largest weight), so the
    cheapest tree is the one of largest weights. Zero weights are no link: disconnected
    groups give a forest, one tree per group.

    Parameters
    ----------
    weights : numpy.ndarray
        (n, n) symmetric, non-negative.

    Returns
    -------
    numpy.ndarray
        (k, 2) integer pairs ``i < j``, sorted, ``k <= n - 1``.

    Examples
    --------
    >>> w = np.array([[0, 3, 1], [3, 0, 2], [1, 2, 0]], dtype=float)
    >>> maximum_spanning_tree(w).tolist()
    [[0, 1], [1, 2]]
    """
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import minimum_spanning_tree

    w = np.triu(_square(weights), k=1)
    if len(w) < 2 or not (w > 0).any():
        return np.zeros((0, 2), dtype=int)
    i, j = np.nonzero(w > 0)
    costs = w.max() + 1.0 - w[i, j]  # all > 0: csgraph reads zero as "no edge"
    tree = minimum_spanning_tree(csr_array((costs, (i, j)), shape=w.shape)).tocoo()
    edges = np.sort(np.column_stack([tree.row, tree.col]), axis=1).astype(int)
    return edges[np.lexsort((edges[:, 1], edges[:, 0]))]


def backbone_edges(weights: np.ndarray, extra: int | None = None) -> np.ndarray:
    """The maximum spanning tree plus the ``extra`` strongest other links (default: n).

    Examples
    --------
    >>> w = np.array([[0, 3, 1], [3, 0, 2], [1, 2, 0]], dtype=float)
    >>> backbone_edges(w, extra=1).tolist()
    [[0, 1], [0, 2], [1, 2]]
    """
    w = _square(weights)
    n = len(w)
    tree = maximum_spanning_tree(w)
    extra = n if extra is None else int(extra)
    i, j = np.triu_indices(n, k=1)
    strength = w[i, j]
    taken = np.zeros((n, n), dtype=bool)
    taken[tree[:, 0], tree[:, 1]] = True
    free = ~taken[i, j] & (strength > 0)
    order = np.argsort(-strength[free], kind="stable")[:max(extra, 0)]
    added = np.column_stack([i[free][order], j[free][order]])
    edges = np.vstack([tree, added]).astype(int)
    return edges[np.lexsort((edges[:, 1], edges[:, 0]))]


def spring_layout(n: int, edges: np.ndarray, weights: np.ndarray | None = None, *,
                  iterations: int = 150, seed: int = 0) -> np.ndarray:
    """Fruchterman-Reingold positions of ``n`` nodes, seeded and scaled into [-1, 1].

    Fruchterman and Reingold (1991), *Graph drawing by force-directed placement*: every pair
    repels with force ``k^2 / d``, linked pairs attract with ``w d^2 / k``, and the step size
    cools linearly.

    Parameters
    ----------
    n : int
        Number of nodes.
    edges : numpy.ndarray
        (m, 2) integer node pairs.
    weights : numpy.ndarray, optional
        (m,) attraction weights (default 1).
    iterations : int
        Number of cooling steps.
    seed : int
        Seed of the initial positions.

    Returns
    -------
    numpy.ndarray
        (n, 2) positions.
    """
    rng = np.random.default_rng(seed)
    if n == 0:
        return np.zeros((0, 2))
    pos = rng.uniform(-1.0, 1.0, (n, 2))
    if n == 1:
        return np.zeros((1, 2))
    edges = np.asarray(edges, dtype=int).reshape(-1, 2)
    w = np.ones(len(edges)) if weights is None else np.asarray(weights, dtype=float)
    k = np.sqrt(4.0 / n)
    temperature = 0.2
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2))
        np.fill_diagonal(dist, 1.0)
        dist = np.maximum(dist, 1e-3)
        force = (delta * (k * k / dist**2)[:, :, None]).sum(axis=1)
        if len(edges):
            d_edge = pos[edges[:, 0]] - pos[edges[:, 1]]
            length = np.maximum(np.sqrt((d_edge**2).sum(axis=1)), 1e-3)
            pull = d_edge * (w * length / k)[:, None]
            np.add.at(force, edges[:, 0], -pull)
            np.add.at(force, edges[:, 1], pull)
        size = np.maximum(np.sqrt((force**2).sum(axis=1)), 1e-9)
        pos += force / size[:, None] * np.minimum(size, temperature)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    scale = np.abs(pos).max()
    return pos / scale if scale > 0 else pos


def network_layout(proximity: np.ndarray, *, extra: int | None = None, seed: int = 0,
                   iterations: int = 150) -> NetworkLayout:
    """Edges (maximum spanning tree plus strongest links) and spring positions for a network.

    Parameters
    ----------
    proximity : numpy.ndarray
        (n, n) symmetric proximity matrix; NaN counts as no link.
    extra : int, optional
        Links added beyond the tree (default: one per node).
    seed : int
        Seed of the layout.
    iterations : int
        Spring-layout steps.

    Returns
    -------
    NetworkLayout

    Examples
    --------
    >>> phi = np.array([[0, .9, .1], [.9, 0, .5], [.1, .5, 0]])
    >>> layout = network_layout(phi, extra=0)
    >>> layout.edges.tolist(), layout.xy.shape
    ([[0, 1], [1, 2]], (3, 2))
    """
    w = _square(proximity)
    edges = backbone_edges(w, extra)
    weights = w[edges[:, 0], edges[:, 1]] if len(edges) else np.zeros(0)
    xy = spring_layout(len(w), edges, weights, iterations=iterations, seed=seed)
    return NetworkLayout(xy=xy, edges=edges, weights=weights)


def _square(weights: np.ndarray) -> np.ndarray:
    w = np.nan_to_num(np.asarray(weights, dtype=float))
    if w.ndim != 2 or w.shape[0] != w.shape[1]:
        raise AdvantageError(f"a proximity matrix must be square, got shape {w.shape}.")
    w = np.maximum(w, w.T)
    np.fill_diagonal(w, 0.0)
    return w
