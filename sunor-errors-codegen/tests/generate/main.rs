//! The generators and the binary, in one test binary: the committed modules are what they
//! write now, the same catalogue gives the same bytes, every number comes from the
//! catalogue, and the command line says what is wrong.

mod cli;
mod python;
mod typescript;
