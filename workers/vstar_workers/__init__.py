"""Video-STaR Studio workers: batch generation, LoRA finetuning and evaluation of LVLMs."""
