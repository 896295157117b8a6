package catalog

// managed_rules.json is generated from the corpus checked out next to this
// repository (<dir>/main is the repository, <dir>/shared the corpus).
//go:generate go run conforms/internal/catalogen -src ../../shared/corpus/managed-rules -out managed_rules.json
