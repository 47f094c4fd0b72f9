"""One module per outcome table; each exposes `compute(world) -> DataFrame` in the `outcomes` shape."""
