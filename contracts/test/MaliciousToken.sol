// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MaliciousToken (tests only)
/// @notice An ERC-20 that re-enters a target while tokens move. It can also act as a party of an
/// escrow order (through act), so the re-entering call passes the escrow's caller checks and only
/// the reentrancy defences stand in the way. The outcome of the attack is recorded for the test.
contract MaliciousToken is ERC20 {
    address public attackTarget;
    bytes public attackData;
    bool public bubble;
    bool public attackAttempted;
    bool public attackSucceeded;
    bytes public attackError;

    constructor() ERC20("Malicious", "EVIL") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Calls target with data as this contract (to act as a party of an order).
    function act(address target, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = target.call(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    /// @notice Arms a one-shot re-entry into target with data on the next transfer (not mints).
    /// @param bubbleFailure when true a failed re-entry reverts the whole transfer
    function arm(address target, bytes calldata data, bool bubbleFailure) external {
        attackTarget = target;
        attackData = data;
        bubble = bubbleFailure;
        attackAttempted = false;
        attackSucceeded = false;
        delete attackError;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address target = attackTarget;
        if (target != address(0) && from != address(0)) {
            attackTarget = address(0);
            attackAttempted = true;
            (bool ok, bytes memory ret) = target.call(attackData);
            attackSucceeded = ok;
            attackError = ret;
            if (!ok && bubble) {
                assembly {
                    revert(add(ret, 32), mload(ret))
                }
            }
        }
    }
}
