//! Composer version normalization and constraints (placeholder, being written).
