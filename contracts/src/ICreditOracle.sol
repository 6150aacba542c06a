// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ICreditOracle
/// @notice What a consumer contract (escrow, trade finance) reads from the CreditOracle: an
/// entity's current score, grade and freshness, and scores proven against a published snapshot.
/// An entity is identified by a bytes32 key: keccak256 of its crosstrust entity id (UTF-8), the
/// same convention as TradeEscrow's order ids (docs/oracle.md).
interface ICreditOracle {
    /// @notice One entity's on-chain record (one storage slot).
    /// @param score composite score on the model's scale (300-850 for the shipped models)
    /// @param grade 1 = AAA, 2 = AA, 3 = A, 4 = BBB, 5 = BB, 6 = B, 7 = CCC, 8 = CC, 9 = C, 10 = D; 0 = no record
    /// @param pdBucket probability of default on a log scale: PD ~= 10^(pdBucket / 50 - 4), 0..200
    /// @param modelVersion the scoring model's semantic version, major * 1e6 + minor * 1e3 + patch
    /// @param updatedAt block time (unix seconds) at which the oracle last wrote the record
    /// @param version the score's per-entity version (monotonic; 0 = no record)
    struct Record {
        uint16 score;
        uint8 grade;
        uint8 pdBucket;
        uint32 modelVersion;
        uint40 updatedAt;
        uint64 version;
    }

    /// @notice A snapshot leaf: the score of one entity as the snapshot saw it. Hashed like
    /// `@openzeppelin/merkle-tree`'s StandardMerkleTree with the leaf encoding
    /// ["bytes32","uint64","uint32","uint16","uint8","uint8"] = (entity, version, modelVersion,
    /// score, grade, pdBucket): keccak256(bytes.concat(keccak256(abi.encode(...)))).
    struct ScoreLeaf {
        uint64 version;
        uint32 modelVersion;
        uint16 score;
        uint8 grade;
        uint8 pdBucket;
    }

    function recordOf(bytes32 entity) external view returns (Record memory);

    /// @notice True when the entity has a record written at most maxAge seconds ago and the oracle
    /// is not paused (a paused oracle vouches for nothing).
    function isFresh(bytes32 entity, uint256 maxAge) external view returns (bool);

    /// @notice True when the leaf is in the snapshot of the given epoch; reverts for an unknown epoch.
    function verify(bytes32 entity, ScoreLeaf calldata leaf, bytes32[] calldata proof, uint64 epoch)
        external
        view
        returns (bool);
}
