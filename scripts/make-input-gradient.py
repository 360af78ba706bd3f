#!/usr/bin/env python3
"""Writes src/main/resources/io/gankit/loss/input-gradient.pt: a TorchScript module whose forward(outputs,
inputs) returns d sum(outputs) / d inputs with its graph kept (torch.autograd.grad, create_graph=True).

DJL 0.35.1 can only run backward(), which writes gradients into .grad fields; for WGAN-GP's penalty that
leaves graph-carrying gradients in reference cycles libtorch never frees. autograd.grad writes no .grad.
The committed file was made with Debian's python3-torch 1.13 (/usr/bin/python3 scripts/make-input-gradient.py);
TorchScript files load in later libtorch versions.
"""
import os
import torch


class InputGradient(torch.nn.Module):
    def forward(self, outputs: torch.Tensor, inputs: torch.Tensor) -> torch.Tensor:
        grads = torch.autograd.grad([outputs.sum()], [inputs], create_graph=True, retain_graph=True)
        g = grads[0]
        assert g is not None
        return g


if __name__ == "__main__":
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, "src", "main", "resources", "io", "gankit", "loss", "input-gradient.pt")
    torch.jit.script(InputGradient()).save(out)
    print("wrote", out)
