import ArgumentParser

/// The ids of articles or notes a command acts on, `-` for standard input: shared by `rm` and
/// `restore`.
struct ItemIDsArgument: ParsableArguments {
    @Argument(
        help: "The articles' or notes' ids (short ids, or unique prefixes of full ids), or - to read them from standard input.",
        completion: Completions.itemIDs)
    var ids: [String] = []
}
