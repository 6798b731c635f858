"""Text encoders: the Encoder protocol, one module per backend, and the factory."""
