"""The DPOs' reviews of the register, computed from domain objects and rendered."""
