/// The version written into every manifest.
public enum TallyVersion {
    public static let current = "0.1.0"
}
