// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ICreditOracle} from "./ICreditOracle.sol";

/// @title CreditOracle
/// @notice crosstrust's credit scores on-chain: the oracle sink (sinks/oracle) writes each trading
/// entity's latest score, grade, PD bucket and model version in batches; contracts read them with
/// their freshness. Daily (or any) snapshots of every entity's score are published as Merkle roots,
/// so a score that was never posted individually can still be proven on-chain.
///
/// Roles: DEFAULT_ADMIN_ROLE grants and revokes roles; UPDATER_ROLE writes records and publishes
/// snapshots; PAUSER_ROLE pauses and unpauses. While paused nothing is written and `isFresh` is false
/// for every entity, so consumers stop trusting the oracle at once.
///
/// Storage: one slot per entity, from the high bit: version (64) | modelVersion (32) | score (16) |
/// grade (8) | pdBucket (8) | updatedAt (40) | unused (88).
///
/// Batch format (`updateBatch`): 48 bytes per entity, tightly packed, big-endian:
/// entity (32) | version (8) | modelVersion (4) | score (2) | grade (1) | pdBucket (1). The 16 bytes
/// after the entity are laid out exactly like the top 128 bits of the slot, so an update is one mask
/// and one OR. Versions must increase per entity: an entry whose version is not above the stored one
/// (a replay, a stale or a duplicate update) reverts the whole batch with StaleVersion.
///
/// Events: one `ScoresUpdated` per batch carrying the packed batch itself (per-entity events would
/// cost ~1,400 gas per entity, about a fifth of an update; docs/oracle.md), `SnapshotPublished` per
/// snapshot, and OpenZeppelin's role and pause events.
contract CreditOracle is ICreditOracle, AccessControl, Pausable {
    bytes32 public constant UPDATER_ROLE = keccak256("UPDATER_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    uint256 public constant ENTRY_SIZE = 48;
    uint8 public constant MAX_GRADE = 10; // D
    uint8 public constant MAX_PD_BUCKET = 200; // PD 100 %

    struct Snapshot {
        bytes32 root;
        uint40 publishedAt;
        uint40 asOf;
        uint32 entities;
    }

    mapping(bytes32 entity => uint256) private _records;
    mapping(uint64 epoch => Snapshot) private _snapshots;
    uint64 public latestEpoch;

    /// @param updater the account that posted; count entries of ENTRY_SIZE bytes in `updates`
    event ScoresUpdated(address indexed updater, uint256 count, bytes updates);
    event SnapshotPublished(uint64 indexed epoch, bytes32 root, uint32 entities, uint40 asOf);

    error MalformedBatch(uint256 length);
    error StaleVersion(bytes32 entity, uint64 stored, uint64 offered);
    error InvalidUpdate(bytes32 entity, string what);
    error EpochNotAfter(uint64 epoch, uint64 latest);
    error InvalidSnapshot(string what);
    error UnknownEpoch(uint64 epoch);

    constructor(address admin, address updater, address pauser) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (updater != address(0)) _grantRole(UPDATER_ROLE, updater);
        if (pauser != address(0)) _grantRole(PAUSER_ROLE, pauser);
    }

    /// @notice Writes many entities' records; see the batch format above. The record's updatedAt is
    /// this block's time.
    function updateBatch(bytes calldata updates) external onlyRole(UPDATER_ROLE) whenNotPaused {
        uint256 length = updates.length;
        if (length == 0 || length % ENTRY_SIZE != 0) revert MalformedBatch(length);
        uint256 stamp = block.timestamp << 88;
        uint256 failedAt = type(uint256).max;
        assembly ("memory-safe") {
            let base := _records.slot
            let start := updates.offset
            let end := add(start, length)
            for { let p := start } lt(p, end) { p := add(p, 48) } {
                let entity := calldataload(p)
                // the entry's 16 bytes after the entity; the low half belongs to the next entry
                let payload := and(calldataload(add(p, 32)), not(0xffffffffffffffffffffffffffffffff))
                mstore(0x00, entity)
                mstore(0x20, base)
                let slot := keccak256(0x00, 0x40)
                let grade := and(shr(136, payload), 0xff)
                // version must grow; entity non-zero; grade 1..10; PD bucket <= 200
                if or(
                    or(iszero(gt(shr(192, payload), shr(192, sload(slot)))), iszero(entity)),
                    or(or(iszero(grade), gt(grade, 10)), gt(and(shr(128, payload), 0xff), 200))
                ) {
                    failedAt := sub(p, start)
                    break
                }
                sstore(slot, or(payload, stamp))
            }
        }
        if (failedAt != type(uint256).max) _revertFor(updates[failedAt:failedAt + ENTRY_SIZE]);
        emit ScoresUpdated(msg.sender, length / ENTRY_SIZE, updates);
    }

    /// @notice Publishes the Merkle root of a snapshot of scores (StandardMerkleTree, leaf encoding
    /// in ICreditOracle.ScoreLeaf). Epochs strictly increase; a root is never replaced.
    /// @param asOf the time (unix seconds) the snapshot's scores are as of
    function publishSnapshot(uint64 epoch, bytes32 root, uint32 entities, uint40 asOf)
        external
        onlyRole(UPDATER_ROLE)
        whenNotPaused
    {
        if (epoch <= latestEpoch) revert EpochNotAfter(epoch, latestEpoch);
        if (root == bytes32(0)) revert InvalidSnapshot("root");
        if (entities == 0) revert InvalidSnapshot("entities");
        if (asOf > block.timestamp) revert InvalidSnapshot("asOf");
        latestEpoch = epoch;
        _snapshots[epoch] = Snapshot({root: root, publishedAt: uint40(block.timestamp), asOf: asOf, entities: entities});
        emit SnapshotPublished(epoch, root, entities, asOf);
    }

    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @inheritdoc ICreditOracle
    function recordOf(bytes32 entity) external view returns (Record memory) {
        return _unpack(_records[entity]);
    }

    /// @notice The packed slots of many entities (layout above; 0 = no record), for off-chain readers
    /// that check versions before posting.
    function packedRecordsOf(bytes32[] calldata entities) external view returns (uint256[] memory words) {
        words = new uint256[](entities.length);
        for (uint256 i = 0; i < entities.length; i++) {
            words[i] = _records[entities[i]];
        }
    }

    /// @notice The stored version of an entity (0 = no record).
    function versionOf(bytes32 entity) external view returns (uint64) {
        return uint64(_records[entity] >> 192);
    }

    /// @inheritdoc ICreditOracle
    function isFresh(bytes32 entity, uint256 maxAge) external view returns (bool) {
        if (paused()) return false;
        uint256 updatedAt = (_records[entity] >> 88) & type(uint40).max;
        return updatedAt != 0 && block.timestamp - updatedAt <= maxAge;
    }

    function snapshotOf(uint64 epoch) external view returns (Snapshot memory) {
        return _snapshots[epoch];
    }

    /// @inheritdoc ICreditOracle
    function verify(bytes32 entity, ScoreLeaf calldata leaf, bytes32[] calldata proof, uint64 epoch)
        external
        view
        returns (bool)
    {
        bytes32 root = _snapshots[epoch].root;
        if (root == bytes32(0)) revert UnknownEpoch(epoch);
        return MerkleProof.verifyCalldata(proof, root, leafHash(entity, leaf));
    }

    /// @notice The StandardMerkleTree leaf hash of an entity's snapshot entry.
    function leafHash(bytes32 entity, ScoreLeaf calldata leaf) public pure returns (bytes32) {
        return keccak256(
            bytes.concat(
                keccak256(abi.encode(entity, leaf.version, leaf.modelVersion, leaf.score, leaf.grade, leaf.pdBucket))
            )
        );
    }

    function _unpack(uint256 word) private pure returns (Record memory) {
        return Record({
            score: uint16(word >> 144),
            grade: uint8(word >> 136),
            pdBucket: uint8(word >> 128),
            modelVersion: uint32(word >> 160),
            updatedAt: uint40(word >> 88),
            version: uint64(word >> 192)
        });
    }

    /// Reverts with the reason a batch entry was refused.
    function _revertFor(bytes calldata entry) private view {
        bytes32 entity = bytes32(entry[0:32]);
        uint64 offered = uint64(bytes8(entry[32:40]));
        uint8 grade = uint8(entry[46]);
        uint8 pdBucket = uint8(entry[47]);
        if (entity == bytes32(0)) revert InvalidUpdate(entity, "entity");
        if (grade == 0 || grade > MAX_GRADE) revert InvalidUpdate(entity, "grade");
        if (pdBucket > MAX_PD_BUCKET) revert InvalidUpdate(entity, "pdBucket");
        revert StaleVersion(entity, uint64(_records[entity] >> 192), offered);
    }
}
