// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ICreditOracle} from "./ICreditOracle.sol";

/// @title TradeCreditLine
/// @notice A sample consumer of the CreditOracle: trade credit lines whose limit follows the
/// borrower's current grade and that refuse to lend on a stale score. A lender (LENDER_ROLE) opens
/// a line binding a borrower's address to its crosstrust entity key; the borrower draws and repays
/// against `availableOf`. Accounting only: a real line would move a stablecoin through SafeERC20 as
/// TradeEscrow does.
///
/// Every draw reads the oracle: the entity must have a record no older than `maxScoreAge` seconds
/// (and the oracle must not be paused), else StaleScore. A downgrade lowers the limit at once; a
/// borrower above a lowered limit cannot draw more until it repays below it.
contract TradeCreditLine is AccessControl {
    bytes32 public constant LENDER_ROLE = keccak256("LENDER_ROLE");
    uint8 public constant GRADES = 10;

    ICreditOracle public immutable oracle;
    uint256 public maxScoreAge;
    /// limit by grade, index 0 = grade 1 (AAA) .. 9 = grade 10 (D)
    uint256[10] private _limits;

    struct Line {
        bytes32 entity;
        uint256 drawn;
        bool open;
    }

    mapping(address borrower => Line) private _lines;

    event LineOpened(address indexed borrower, bytes32 indexed entity);
    event LineClosed(address indexed borrower);
    event Drawn(address indexed borrower, uint256 amount, uint256 drawn, uint256 limit, uint8 grade);
    event Repaid(address indexed borrower, uint256 amount, uint256 drawn);
    event LimitsSet(uint256[10] limits, uint256 maxScoreAge);

    error NoLine(address borrower);
    error LineExists(address borrower);
    error StaleScore(bytes32 entity, uint40 updatedAt, uint256 maxScoreAge);
    error LimitExceeded(address borrower, uint256 requested, uint256 available);
    error RepayTooMuch(address borrower, uint256 amount, uint256 drawn);
    error InvalidLimits(string what);

    constructor(address admin, ICreditOracle oracle_, uint256[10] memory limits_, uint256 maxScoreAge_) {
        if (address(oracle_) == address(0)) revert InvalidLimits("oracle");
        oracle = oracle_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(LENDER_ROLE, admin);
        _setLimits(limits_, maxScoreAge_);
    }

    /// @notice Limits by grade (non-increasing from AAA to D) and the oldest score accepted.
    function setLimits(uint256[10] calldata limits_, uint256 maxScoreAge_) external onlyRole(LENDER_ROLE) {
        _setLimits(limits_, maxScoreAge_);
    }

    function openLine(address borrower, bytes32 entity) external onlyRole(LENDER_ROLE) {
        if (borrower == address(0) || entity == bytes32(0)) revert InvalidLimits("borrower");
        if (_lines[borrower].open) revert LineExists(borrower);
        _lines[borrower] = Line({entity: entity, drawn: 0, open: true});
        emit LineOpened(borrower, entity);
    }

    /// @notice Closes a fully repaid line.
    function closeLine(address borrower) external onlyRole(LENDER_ROLE) {
        Line storage line = _requireLine(borrower);
        if (line.drawn != 0) revert RepayTooMuch(borrower, 0, line.drawn);
        delete _lines[borrower];
        emit LineClosed(borrower);
    }

    /// @notice The borrower's limit under its current, fresh grade; reverts on a stale or missing score.
    function limitOf(address borrower) public view returns (uint256 limit, uint8 grade) {
        Line storage line = _requireLine(borrower);
        ICreditOracle.Record memory r = oracle.recordOf(line.entity);
        if (r.grade == 0 || !oracle.isFresh(line.entity, maxScoreAge)) {
            revert StaleScore(line.entity, r.updatedAt, maxScoreAge);
        }
        return (_limits[r.grade - 1], r.grade);
    }

    /// @notice What the borrower may still draw now (0 when above a lowered limit).
    function availableOf(address borrower) public view returns (uint256) {
        (uint256 limit,) = limitOf(borrower);
        uint256 drawn = _lines[borrower].drawn;
        return limit > drawn ? limit - drawn : 0;
    }

    function draw(uint256 amount) external {
        Line storage line = _requireLine(msg.sender);
        (uint256 limit, uint8 grade) = limitOf(msg.sender);
        uint256 available = limit > line.drawn ? limit - line.drawn : 0;
        if (amount == 0 || amount > available) revert LimitExceeded(msg.sender, amount, available);
        line.drawn += amount;
        emit Drawn(msg.sender, amount, line.drawn, limit, grade);
    }

    /// @notice Repaying never needs a fresh score.
    function repay(uint256 amount) external {
        Line storage line = _requireLine(msg.sender);
        if (amount == 0 || amount > line.drawn) revert RepayTooMuch(msg.sender, amount, line.drawn);
        line.drawn -= amount;
        emit Repaid(msg.sender, amount, line.drawn);
    }

    function lineOf(address borrower) external view returns (Line memory) {
        return _lines[borrower];
    }

    function limits() external view returns (uint256[10] memory) {
        return _limits;
    }

    function _requireLine(address borrower) private view returns (Line storage line) {
        line = _lines[borrower];
        if (!line.open) revert NoLine(borrower);
    }

    function _setLimits(uint256[10] memory limits_, uint256 maxScoreAge_) private {
        if (maxScoreAge_ == 0) revert InvalidLimits("maxScoreAge");
        for (uint256 i = 1; i < GRADES; i++) {
            if (limits_[i] > limits_[i - 1]) revert InvalidLimits("limits must not grow as grades worsen");
        }
        _limits = limits_;
        maxScoreAge = maxScoreAge_;
        emit LimitsSet(limits_, maxScoreAge_);
    }
}
