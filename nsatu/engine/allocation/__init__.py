"""Allocation of pledge tranches and funds to requirements (a HiGHS LP/MIP). See docs/allocation-model.md."""
