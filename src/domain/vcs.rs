//! Versions from git refs, as Composer's VCS repository derives them (placeholder).
