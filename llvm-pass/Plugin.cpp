// placeholder: replaced by the pass implementation

