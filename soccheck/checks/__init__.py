"""Judging a loaded program: the rules, waivers and the policy that decides the exit code."""
