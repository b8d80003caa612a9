/// English function words. Queries drop them before full-text search (they
/// match nearly every document and only slow the index down), and the hash
/// embedder leaves them out of its word features so two unrelated texts are
/// not similar merely for sharing "the" and "of". Both indexes still store
/// them, so a query made only of such words still searches for them.
public enum Stopwords {
    public static let english: Set<String> = [
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further",
        "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how",
        "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my",
        "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own",
        "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there",
        "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very",
        "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
        "you", "your", "yours", "every", "per", "via", "upon", "within", "without", "across", "among", "onto", "let", "lets",
        "may", "might", "must", "shall", "us", "yet", "however", "whether", "get", "gets", "got", "one",
    ]

    public static func contains(_ word: String) -> Bool { english.contains(word) }
}
